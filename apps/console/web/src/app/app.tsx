import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { SessionProvider } from '../session/session-context';
import { AnnouncerProvider } from '../ui/announcer';
import { ROUTES } from './routes';

const router = createBrowserRouter(ROUTES);

/** The providers every screen relies on: queries (cleared at sign-out), the session, the announcer, the routes. */
export function App() {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Personal data: never kept after nobody looks at it, never retried blindly on a refusal.
          queries: { gcTime: 60_000, retry: false, refetchOnWindowFocus: false },
          mutations: { retry: false },
        },
      }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <AnnouncerProvider>
          <RouterProvider router={router} />
        </AnnouncerProvider>
      </SessionProvider>
    </QueryClientProvider>
  );
}
