/**
 * Pages loaded on first use: the first script holds the frame, the sign-in page and the home;
 * every other page is its own chunk, fetched when first shown or in the background after
 * sign-in ({@link preloadPages}), whichever comes first.
 */
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Loading } from './components.tsx';

const loaders: Array<() => Promise<unknown>> = [];

/** A page component whose module loads on first render (once; later renders are immediate). */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): (props: P) => JSX.Element {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const fetchIt = () => {
    loading ??= load().then((c) => {
      loaded = c;
      return c;
    });
    return loading;
  };
  loaders.push(fetchIt);
  return function LazyPage(props: P) {
    const [Page, setPage] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page) return;
      let live = true;
      fetchIt().then(
        (c) => {
          if (!live) return;
          setPage(() => c);
          // As the frame does on a new page: its heading takes the focus (announced).
          requestAnimationFrame(() => {
            const heading = document.querySelector<HTMLElement>('main h1');
            if (heading && document.activeElement !== document.body) heading.focus();
          });
        },
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, []);
    if (failed)
      return (
        <p class="error" role="alert">
          页面未能加载：请检查网络后刷新本页。
        </p>
      );
    return Page ? <Page {...props} /> : <Loading what="页面" />;
  };
}

/** Fetches every lazy page in the background (after sign-in, when the browser is idle). */
export function preloadPages(): void {
  const run = () => {
    for (const load of loaders) void load().catch(() => undefined);
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 2_000 });
  else setTimeout(run, 500);
}
