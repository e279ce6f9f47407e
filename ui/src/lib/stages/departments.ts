// The departments every playbook knows; any other name is a department the user added.
import { t, type MessageKey } from '../i18n/index.svelte';

export const DEPARTMENTS = ['customer', 'sales', 'cs', 'product', 'management'] as const;

export function departmentLabel(department: string): string {
  return (DEPARTMENTS as readonly string[]).includes(department)
    ? t(`stages.departments.${department}` as MessageKey)
    : department;
}
