import { lazy, type ComponentType } from 'react';
import { Navigate, useLocation, type RouteObject } from 'react-router';
import { SignInCallbackScreen } from '../session/sign-in-callback-screen';
import { SignInScreen } from '../session/sign-in-screen';
import { useSession } from '../session/session-context';
import type { Role } from '../session/roles';
import { ComingSoon } from './coming-soon';
import { homeFor, SCREENS, type ScreenEntry, type ScreenPath } from './screens';
import { Shell } from './shell';

/**
 * The component of each built screen, loaded when first opened (each screen its own chunk, so the bundle grows
 * per screen, not all at once). A screen listed in screens.ts without one here shows the "coming" placeholder.
 */
const SCREEN_COMPONENTS: Partial<Record<ScreenPath, ComponentType>> = {
  queue: lazy(() => import('../screens/queue/queue-screen')),
  case: lazy(() => import('../screens/case/case-screen')),
  detentions: lazy(() => import('../screens/detentions/detentions-screen')),
  statistics: lazy(() => import('../screens/statistics/statistics-screen')),
  operations: lazy(() => import('../screens/operations/operations-screen')),
};

export const ROUTES: RouteObject[] = [
  {
    element: <Shell />,
    children: [
      { path: 'sign-in', element: <SignInScreen /> },
      // The OpenID provider's way back (oidc-sign-in.ts: CALLBACK_PATH, SIGNED_OUT_PATH).
      { path: 'sign-in/callback', element: <SignInCallbackScreen /> },
      { path: 'sign-in/signed-out', element: <SignInScreen notice="You signed out." /> },
      { index: true, element: <Home /> },
      ...SCREENS.map(
        (screen): RouteObject => ({
          // `/queue` and anything below it (`/queue/<incidentId>`): the screen reads the rest with useParams()['*'].
          path: `${screen.path}/*`,
          element: <Gate screen={screen} />,
        }),
      ),
      { path: '*', element: <NotFound /> },
    ],
  },
];

function Home() {
  const { session } = useSession();
  return <Navigate to={session ? homeFor(session.role) : '/sign-in'} replace />;
}

/** Signed in, and in a role the screen is for. */
function Gate({ screen }: { screen: ScreenEntry }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  if (!(screen.roles as readonly Role[]).includes(session.role)) {
    return (
      <section aria-labelledby="not-for-role">
        <h1 id="not-for-role">{screen.label}</h1>
        <p>This screen is not for your role. Use the navigation above.</p>
      </section>
    );
  }
  const Screen = SCREEN_COMPONENTS[screen.path as ScreenPath];
  return Screen ? <Screen /> : <ComingSoon screen={screen} />;
}

function NotFound() {
  return (
    <section aria-labelledby="not-found">
      <h1 id="not-found">Page not found</h1>
      <p>There is no such page in the console. Use the navigation above.</p>
    </section>
  );
}
