export function ProfilesPanel() {
  return null;
}
