import { Audit } from '../audit/Audit';
import { Statements } from '../statements/Statements';
import { Reconcile } from './Reconcile';

/** The workbench's screens behind one entry point, so the shell's switch names them once. */
export function WorkbenchScreen({ screen }: { screen: 'reconcile' | 'statements' | 'audit' }) {
  return screen === 'reconcile' ? <Reconcile /> : screen === 'statements' ? <Statements /> : <Audit />;
}
