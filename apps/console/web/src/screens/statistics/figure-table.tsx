import type { FigureTable } from './figures';
import { isSuppressed, valueText } from './shown-value';

/** The figures of one table in words: the chart's text alternative, and what the CSV holds. */
export function FigureTableView({ table }: { table: FigureTable }) {
  const single = table.categories.length === 1 && table.categories[0]?.key === '';
  return (
    <div className="table-scroll" role="region" aria-label={`${table.title}: figures`} tabIndex={0}>
      <table className="figures-table" data-testid={`figures-${table.id}`}>
        <caption className="visually-hidden">{table.title}</caption>
        <thead>
          <tr>
            <th scope="col">{single ? table.categoryHeading : 'Measure'}</th>
            {table.categories.map((category) => (
              <th scope="col" key={category.key}>
                {category.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.series.map((series) => (
            <tr key={series.measure}>
              <th scope="row">{series.label}</th>
              {series.values.map((value, index) => (
                <td
                  key={table.categories[index]?.key ?? index}
                  className={isSuppressed(value) ? 'num suppressed' : 'num'}
                >
                  {valueText(value, series.unit)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
