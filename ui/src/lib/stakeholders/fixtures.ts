// Boards and people of the stakeholder screens' component tests.
import type { Board, Stakeholder } from '../bindings';
import { blankInput } from './people';

export const EVIL = '<img src=x onerror=alert(1)>';

export function person(id: number, name: string, extra: Partial<Stakeholder> = {}): Stakeholder {
  return {
    ...blankInput(),
    id,
    project_id: 1,
    position: id,
    name,
    department: '営業部',
    heat_history: [],
    last_touch: null,
    duplicate_name: false,
    ...extra,
  };
}

export function board(stakeholders: Stakeholder[], version = 3): Board {
  return {
    detail: {
      project: {
        id: 1,
        customer_name: 'さくら物流',
        contract_date: '2026-04-01',
        kickoff_date: '2026-04-15',
        segment: 'high_touch',
        owner: '',
        archived_at: null,
        created_at: '2026-04-01T00:00:00Z',
        updated_at: '2026-04-01T00:00:00Z',
        version,
      },
      milestones: [],
    },
    stakeholders,
    touchpoints: [],
    purpose: '',
    agreements: [],
    departments: ['営業部'],
    untouched_days: 14,
    risks: [{ code: 'decision_maker_absent', place: 'kickoff', stakeholder_ids: [1], names: ['山田'], horizons: [] }],
    map: {
      width: 270,
      height: 604,
      columns: [{ department: '営業部', x: 140, width: 130 }],
      rows: [{ level: 'staff', y: 464, height: 140 }],
      people: [
        {
          stakeholder_id: 2,
          label: EVIL.slice(0, 11) + '…',
          x: 205,
          y: 520,
          radius: 22,
          fill: '#c4cdd5',
          key_person: true,
          decision_maker: false,
          executor: true,
          inactive: false,
        },
      ],
    },
    today: '2026-04-20',
  };
}
