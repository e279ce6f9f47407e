// The departments every playbook knows; any other name is a department the user added.
import { DEPARTMENTS } from '../bindings';
import { t, type MessageKey } from '../i18n/index.svelte';

export { DEPARTMENTS };

export function departmentLabel(department: string): string {
  return (DEPARTMENTS as readonly string[]).includes(department)
    ? t(`stages.departments.${department}` as MessageKey)
    : department;
}
