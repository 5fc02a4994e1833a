import type { ScreenEntry } from './screens';

/** A screen of the console that is not built yet: what it will do, so the navigation already tells the truth. */
export function ComingSoon({ screen }: { screen: ScreenEntry }) {
  return (
    <section aria-labelledby="coming-title">
      <h1 id="coming-title">{screen.label}</h1>
      <p>{screen.summary}.</p>
      <p className="placeholder">This screen is coming to the console.</p>
    </section>
  );
}
