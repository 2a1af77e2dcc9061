import { useQueryClient } from "@tanstack/react-query";
import { createContext, ReactNode, useContext, useEffect, useRef, useState } from "react";
import { storedKey } from "../api/session";
import type { JobEvent, Stats } from "../api/types";
import { ConnectionState, EventStream } from "./eventStream";

interface EventsContextValue {
  state: ConnectionState;
  /** The latest job event, for pages that show what just happened. */
  lastJobEvent: JobEvent | undefined;
}

const EventsContext = createContext<EventsContextValue>({ state: "connecting", lastJobEvent: undefined });

export function useEvents(): EventsContextValue {
  return useContext(EventsContext);
}

/** True while the event stream keeps the pages current; pages poll when it does not. */
export function useLive(): boolean {
  const { state } = useEvents();
  return state === "live" || state === "quiet";
}

/**
 * Holds the one /v1/events connection of the signed-in tab and turns its events into cache
 * updates: a job event refreshes the job lists and that job; a stats event replaces the stats;
 * a reset (the resume point was older than the server's buffer) refetches everything.
 */
export function EventsProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [state, setState] = useState<ConnectionState>("connecting");
  const [lastJobEvent, setLastJobEvent] = useState<JobEvent>();
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    const refreshLists = () => {
      // Many events in a burst make one refetch per list, not one per event.
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = undefined;
        void client.invalidateQueries({ queryKey: ["jobs"] });
        void client.invalidateQueries({ queryKey: ["dlq"] });
        void client.invalidateQueries({ queryKey: ["queues"] });
      }, 300);
    };
    const stream = new EventStream({
      url: "/v1/events",
      apiKey: storedKey,
      onState: setState,
      onEvent: (event) => {
        if (event.event === "job") {
          const job = JSON.parse(event.data) as JobEvent;
          setLastJobEvent(job);
          void client.invalidateQueries({ queryKey: ["job", job.id] });
          refreshLists();
        } else if (event.event === "stats") {
          client.setQueryData(["stats"], JSON.parse(event.data) as Stats);
        } else if (event.event === "reset") {
          void client.invalidateQueries();
        }
      },
    });
    stream.start();
    return () => {
      stream.stop();
      if (pending.current) clearTimeout(pending.current);
    };
  }, [client]);

  return <EventsContext.Provider value={{ state, lastJobEvent }}>{children}</EventsContext.Provider>;
}
