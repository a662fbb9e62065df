// Preload (sandboxed, context-isolated): exposes the narrow bridge and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './api';

contextBridge.exposeInMainWorld('recondesk', createBridge(ipcRenderer, (file) => webUtils.getPathForFile(file)));
