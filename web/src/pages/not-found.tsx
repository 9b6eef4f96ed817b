import { Page } from '../components.tsx';

/** What a person sees for a page that does not exist or is not theirs: nothing of its data. */
export function NotFoundPage(props: { detail?: string }) {
  return (
    <Page title="未找到">
      <div class="notice" role="alert">
        <p>{props.detail ?? '没有找到这个页面，或本单位无权查看。'}</p>
        <p>
          请从上方导航重新进入；查找企业请用<a href="#/enterprises">企业</a>页的搜索。
        </p>
      </div>
    </Page>
  );
}
