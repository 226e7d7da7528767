// Small browser helpers. No eval and no inline handlers, so a strict Content-Security-Policy holds.
// The shell (MainLayout) is plain markup: its drawer, menus, theme switch and print buttons work here, on static pages
// (no circuit) and interactive ones alike (docs/decisions/018-memory-per-open-page.md).
(() => {
  const themeCookie = 'modelops.theme';
  const zoneCookie = 'modelops.tz';
  const year = 60 * 60 * 24 * 365;

  const cookie = name => document.cookie.split('; ').find(c => c.startsWith(name + '='))?.slice(name.length + 1);
  const setCookie = (name, value) => { document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${year}; samesite=lax`; };
  const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
  const go = href => (window.Blazor?.navigateTo ? window.Blazor.navigateTo(href) : location.assign(href));

  // Light or dark: the reader's choice, or (until they choose) the operating system's. The server reads the cookie and
  // draws the next page in it; this page switches by the class on <html>.
  const showTheme = dark => document.documentElement.classList.toggle('portal-dark', dark);
  const chooseTheme = (dark, chosen) => { setCookie(themeCookie, (chosen ? '' : 'os-') + (dark ? 'dark' : 'light')); showTheme(dark); };
  const followSystem = () => {
    const saved = cookie(themeCookie);
    if (!saved || saved.startsWith('os-')) {
      chooseTheme(matchMedia('(prefers-color-scheme: dark)').matches, false);
    }
  };

  // The reader's time zone, for times drawn on the server (static pages, prerendering).
  const rememberZone = () => { if (cookie(zoneCookie) !== encodeURIComponent(zone())) setCookie(zoneCookie, zone()); };

  // The drawer: open or closed for this tab; a narrow window starts with it closed.
  const drawerKey = 'modelops.drawer';
  const showDrawer = open => {
    const layout = document.querySelector('[data-portal-layout]');
    const drawer = document.getElementById('portal-drawer');
    if (!layout || !drawer) return;
    layout.classList.toggle('mud-drawer-open-responsive-md-left', open);
    drawer.classList.toggle('mud-drawer--open', open);
    drawer.classList.toggle('mud-drawer--closed', !open);
    document.querySelectorAll('[data-portal-drawer-toggle]').forEach(b => b.setAttribute('aria-expanded', String(open)));
  };
  const drawerOpen = () => {
    const saved = sessionStorage.getItem(drawerKey);
    return saved === null ? matchMedia('(min-width: 960px)').matches : saved === 'open';
  };

  // Menus: a button with aria-controls opens the list under it; a click elsewhere or Escape closes it.
  const closeMenus = except => document.querySelectorAll('[data-portal-menu][aria-expanded="true"]').forEach(button => {
    if (button === except) return;
    button.setAttribute('aria-expanded', 'false');
    document.getElementById(button.getAttribute('aria-controls'))?.setAttribute('hidden', '');
  });
  const toggleMenu = button => {
    const list = document.getElementById(button.getAttribute('aria-controls'));
    const open = button.getAttribute('aria-expanded') !== 'true';
    closeMenus(button);
    button.setAttribute('aria-expanded', String(open));
    list?.toggleAttribute('hidden', !open);
    if (open) list?.querySelector('a, button')?.focus();
  };

  document.addEventListener('click', e => {
    const target = e.target instanceof Element ? e.target : null;
    const menu = target?.closest('[data-portal-menu]');
    if (menu) { toggleMenu(menu); return; }
    if (!target?.closest('.portal-menu-list')) closeMenus();
    const drawer = target?.closest('[data-portal-drawer-toggle]');
    if (drawer) {
      const open = !document.getElementById('portal-drawer')?.classList.contains('mud-drawer--open');
      sessionStorage.setItem(drawerKey, open ? 'open' : 'closed');
      showDrawer(open);
      return;
    }
    const theme = target?.closest('[data-portal-theme]');
    if (theme) {
      chooseTheme(theme.getAttribute('data-portal-theme') === 'dark', true);
      // The other button takes this one's place: keep the keyboard on it.
      document.querySelector(`[data-portal-theme="${theme.getAttribute('data-portal-theme') === 'dark' ? 'light' : 'dark'}"]`)?.focus();
      return;
    }
    if (target?.closest('[data-portal-print]')) window.print();
  });

  // Filter forms (GET): a choice made with the pointer applies at once; a choice made with the keyboard (arrows on a
  // closed list change it one step at a time) waits for the Apply button, so moving through options never navigates.
  // Empty fields stay out of the address.
  let keyedAt = 0;
  document.addEventListener('keydown', e => { if (e.target instanceof HTMLSelectElement) keyedAt = Date.now(); }, true);
  document.addEventListener('change', e => {
    const form = e.target instanceof HTMLSelectElement ? e.target.closest('form[data-portal-filters]') : null;
    if (form && Date.now() - keyedAt > 250) form.requestSubmit();
  });
  document.addEventListener('submit', e => {
    const form = e.target instanceof HTMLFormElement && e.target.matches('[data-portal-filters]') ? e.target : null;
    if (!form) return;
    e.preventDefault();
    const query = new URLSearchParams([...new FormData(form)].filter(([, value]) => value !== ''));
    go(form.getAttribute('action') + (query.size ? '?' + query : ''));
  });

  document.addEventListener('keydown', e => {
    if (e.key !== 'Escape') return;
    const open = document.querySelector('[data-portal-menu][aria-expanded="true"]');
    if (open) { closeMenus(); open.focus(); }
  });

  // Charts on a static page: the figure is in the element (ChartFigure); a bar with an address opens it.
  const drawCharts = () => {
    if (!window.Plotly) return;
    document.querySelectorAll('[data-portal-chart]:not([data-drawn])').forEach(element => {
      const figure = JSON.parse(element.getAttribute('data-portal-chart'));
      element.setAttribute('data-drawn', '');
      window.Plotly.newPlot(element, figure.data, figure.layout, figure.config).then(() => {
        if (!figure.links) return;
        element.on('plotly_click', event => {
          const point = event.points?.[0];
          const href = point && figure.links[point.curveNumber]?.[point.pointNumber];
          if (href) go(href);
        });
      });
    });
  };

  // The inbox on a static page: the badge and a validator's note of a new request come from /requests/feed, asked every
  // 15 s while the tab is visible and at once when it becomes visible again. A plain request each time: a connection held
  // open per tab would stall the seventh tab of the site (six connections per site over HTTP/1.1). An interactive page's
  // inbox link updates itself, so nothing is asked there.
  const inboxEvery = 15000;
  let inboxAfter = null;
  const showInbox = change => {
    const text = document.querySelector('[data-portal-inbox] .mud-nav-link-text');
    if (text) {
      let badge = text.querySelector('[data-testid=inbox-count]');
      if (change.open > 0 && !badge) {
        badge = document.createElement('span');
        badge.className = 'mud-chip mud-chip-filled mud-chip-size-small mud-chip-color-warning ml-2 my-0';
        badge.setAttribute('data-testid', 'inbox-count');
        badge.innerHTML = '<span class="mud-chip-content"></span>';
        text.appendChild(badge);
      }
      if (change.open > 0) {
        badge.setAttribute('aria-label', change.badge);
        badge.firstElementChild.textContent = String(change.open);
      } else {
        badge?.remove();
      }
    }
    const toasts = document.querySelector('[data-portal-toasts]');
    for (const note of (toasts ? change.notes : [])) {
      const toast = document.createElement('div');
      toast.className = 'mud-snackbar mud-alert-filled-info mud-elevation-6 portal-toast';
      toast.setAttribute('data-testid', 'inbox-note');
      const message = document.createElement('div');
      message.className = 'mud-snackbar-content-message';
      message.textContent = note;
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'mud-button-root mud-icon-button mud-inherit-text portal-toast-close';
      close.setAttribute('aria-label', toasts.getAttribute('data-close-label') || 'Close');
      close.textContent = '\u00d7';
      close.addEventListener('click', () => toast.remove());
      toast.append(message, close);
      toasts.appendChild(toast);
      setTimeout(() => toast.remove(), 10000);
    }
  };
  const askInbox = async () => {
    const link = document.querySelector('[data-portal-inbox]');
    if (!link || document.hidden || !document.querySelector('[data-interactive=static]')) return;
    const after = inboxAfter ?? link.getAttribute('data-portal-inbox-after') ?? '';
    try {
      const response = await fetch(`${link.getAttribute('data-portal-inbox')}?after=${encodeURIComponent(after)}`, { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const change = await response.json();
      inboxAfter = change.sequence;
      showInbox(change);
    } catch {
      // Offline or the portal restarting: the next turn asks again.
    }
  };
  setInterval(askInbox, inboxEvery);
  document.addEventListener('visibilitychange', askInbox);

  // The page is drawn anew on a full load, an enhanced navigation (static pages) and when its circuit starts.
  const settle = () => { showDrawer(drawerOpen()); followSystem(); drawCharts(); };
  rememberZone();
  settle();
  document.addEventListener('DOMContentLoaded', settle);
  window.Blazor?.addEventListener?.('enhancedload', settle);
  new MutationObserver(() => { if (document.getElementById('portal-drawer')?.classList.contains('mud-drawer--open') !== drawerOpen()) showDrawer(drawerOpen()); })
    .observe(document.body, { childList: true, subtree: false });

  window.portal = { timeZone: zone };
})();
