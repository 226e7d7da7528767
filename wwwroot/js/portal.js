// Small browser helpers called through JS interop. No eval, so a strict Content-Security-Policy holds.
window.portal = {
  timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
};
