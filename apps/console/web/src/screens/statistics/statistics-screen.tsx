import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { problemOf } from '../../api/api-problem';
import { useSignedIn } from '../../session/session-context';
import { Field } from '../../ui/form-fields';
import { ProblemMessage } from '../../ui/problem-message';
import { FigureChart } from './figure-chart';
import { FigureTableView } from './figure-table';
import { figureTables } from './figures';
import { csvFilename, figuresCsv } from './figures-csv';
import { defaultPeriod, periodProblems, periodQuery, todayOf, type Period } from './period';
import { readPeriodFigures } from './statistics-api';

/**
 * Statistics (issue 17, screen 5), for analysts and operators: outcomes' statistics and triage's metrics for a
 * chosen period, each as a chart and a table of the same figures, and the CSV of exactly those figures. Analysts'
 * small counts arrive as `<5` and are shown as "fewer than 5", with no bar drawn.
 */
export default function StatisticsScreen() {
  const { api, role } = useSignedIn();
  const [draft, setDraft] = useState<Period>(() => defaultPeriod(todayOf(new Date())));
  const [period, setPeriod] = useState<Period>(draft);
  const [shownProblems, setShownProblems] = useState<ReturnType<typeof periodProblems>>({});

  const figures = useQuery({
    queryKey: ['statistics', role, period.from, period.through],
    queryFn: ({ signal }) => readPeriodFigures(api, period, signal),
  });
  const tables = useMemo(
    () =>
      figures.data ? figureTables(figures.data.statistics, figures.data.metrics, figures.data.series) : null,
    [figures.data],
  );
  const suppressed =
    figures.data?.statistics.smallCountsSuppressed || figures.data?.metrics.smallCountsSuppressed;

  const show = (event: FormEvent) => {
    event.preventDefault();
    const problems = periodProblems(draft);
    setShownProblems(problems);
    if (Object.keys(problems).length === 0) setPeriod({ ...draft });
  };

  const download = () => {
    if (!tables) return;
    const blob = new Blob([figuresCsv(tables, periodQuery(period))], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = csvFilename(period);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return (
    <section aria-labelledby="statistics-title" className="statistics">
      <div className="screen-header">
        <h1 id="statistics-title">Statistics</h1>
      </div>
      <form className="period-form" onSubmit={show} noValidate aria-label="Period">
        <Field label="First day" error={shownProblems.from}>
          {(control) => (
            <input
              {...control}
              type="date"
              name="from"
              value={draft.from}
              onChange={(event) => setDraft({ ...draft, from: event.target.value })}
            />
          )}
        </Field>
        <Field label="Last day (included)" error={shownProblems.through}>
          {(control) => (
            <input
              {...control}
              type="date"
              name="through"
              value={draft.through}
              onChange={(event) => setDraft({ ...draft, through: event.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary">
          Show
        </button>
        <button type="button" className="button" onClick={download} disabled={!tables}>
          Download CSV
        </button>
      </form>
      <p className="hint" data-testid="period-shown">
        {period.from} to {period.through}, whole days in London: incidents reported and calls queued then.
        {suppressed ? ' Counts from 1 to 4 are shown as “fewer than 5”.' : ''}
      </p>
      {figures.isPending && <p>Loading the figures…</p>}
      {figures.isError && <ProblemMessage problem={problemOf(figures.error)} />}
      {tables?.map((table) => (
        <section key={table.id} aria-labelledby={`figures-${table.id}-title`} className="card">
          <h2 id={`figures-${table.id}-title`}>{table.title}</h2>
          {table.chart && <FigureChart table={table} />}
          <FigureTableView table={table} />
          {table.id === 'times' && (
            <p className="hint">
              Medians and 90th percentiles are nearest-rank. “None”: no call had it, or fewer than 5 did and
              the figure is withheld.
            </p>
          )}
        </section>
      ))}
    </section>
  );
}
