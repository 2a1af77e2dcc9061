import {
  ActionIcon,
  AppShell,
  Burger,
  Button,
  Center,
  Group,
  Loader,
  NavLink,
  Text,
  Title,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useState } from "react";
import { Link, Navigate, Route, Routes, useLocation } from "react-router-dom";
import { onUnauthorized } from "./api/client";
import { forgetKey, storedKey } from "./api/session";
import { ConnectionIndicator } from "./components/ConnectionIndicator";
import { EventsProvider, useEvents } from "./events/EventsProvider";
import { SignIn } from "./pages/SignIn";

// Each page is its own chunk: the sign-in screen and the shell load first, a page when opened.
const Overview = lazy(() => import("./pages/Overview"));
const Jobs = lazy(() => import("./pages/Jobs"));
const JobDetail = lazy(() => import("./pages/JobDetail"));
const DeadLetters = lazy(() => import("./pages/DeadLetters"));
const Schedules = lazy(() => import("./pages/Schedules"));
const Queues = lazy(() => import("./pages/Queues"));
const Keys = lazy(() => import("./pages/Keys"));

const PAGES = [
  { path: "/", label: "Overview" },
  { path: "/jobs", label: "Jobs" },
  { path: "/dead-letters", label: "Dead letters" },
  { path: "/schedules", label: "Schedules" },
  { path: "/queues", label: "Queues" },
  { path: "/keys", label: "Keys" },
];

export function App() {
  const [key, setKey] = useState(storedKey());
  const client = useQueryClient();

  useEffect(
    () =>
      onUnauthorized(() => {
        forgetKey();
        client.clear();
        setKey(null);
      }),
    [client],
  );

  if (!key) return <SignIn onSignedIn={() => setKey(storedKey())} />;
  const signOut = () => {
    forgetKey();
    client.clear();
    setKey(null);
  };
  return (
    <EventsProvider>
      <Shell onSignOut={signOut} />
    </EventsProvider>
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const { state } = useEvents();
  useEffect(close, [location.pathname, close]);
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 200, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={3} visibleFrom="xs">
              Foreman
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ConnectionIndicator state={state} />
            <ThemeToggle />
            <Button variant="subtle" size="xs" onClick={onSignOut} visibleFrom="xs">
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {PAGES.map((page) => (
          <NavLink
            key={page.path}
            component={Link}
            to={page.path}
            label={page.label}
            active={page.path === "/" ? location.pathname === "/" : location.pathname.startsWith(page.path)}
          />
        ))}
        <NavLink label="Sign out" onClick={onSignOut} hiddenFrom="xs" />
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense
          fallback={
            <Center h={200}>
              <Loader />
            </Center>
          }
        >
          <Routes>
            <Route path="/" element={<Overview />} />
            <Route path="/jobs" element={<Jobs />} />
            <Route path="/jobs/:id" element={<JobDetail />} />
            <Route path="/dead-letters" element={<DeadLetters />} />
            <Route path="/schedules" element={<Schedules />} />
            <Route path="/queues" element={<Queues />} />
            <Route path="/keys" element={<Keys />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme("light");
  const next = scheme === "dark" ? "light" : "dark";
  return (
    <Tooltip label={`Switch to the ${next} theme`}>
      <ActionIcon variant="default" size="lg" aria-label="Toggle theme" onClick={() => setColorScheme(next)}>
        {scheme === "dark" ? "☀" : "☾"}
      </ActionIcon>
    </Tooltip>
  );
}

function NotFound() {
  return (
    <Text>
      No such page. <Navigate to="/" replace />
    </Text>
  );
}
