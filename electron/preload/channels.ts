// IPC channel names between the preload and main; nothing else crosses.
export const IPC = {
  invoke: 'recondesk:invoke',
  cancel: 'recondesk:cancel',
  progress: 'recondesk:progress',
  session: 'recondesk:session',
  newWorkspace: 'recondesk:new-workspace',
  openWorkspace: 'recondesk:open-workspace',
  chooseFiles: 'recondesk:choose-files',
  droppedFiles: 'recondesk:dropped-files',
  saveOutput: 'recondesk:save-output',
  printToPdf: 'recondesk:print-to-pdf',
  menu: 'recondesk:menu',
} as const;
