import { AuditSection } from './audit-section';
import { DeadLettersSection } from './dead-letters-section';
import { SubjectSection } from './subject-section';

/**
 * Operations (issue 17, screen 6), for operators: the read audit of the three services, a subject's erasure or
 * restriction with a confirmation, and the dead-letter counts.
 */
export default function OperationsScreen() {
  return (
    <section aria-labelledby="operations-title">
      <div className="screen-header">
        <h1 id="operations-title">Operations</h1>
      </div>
      <SubjectSection />
      <DeadLettersSection />
      <AuditSection />
    </section>
  );
}
