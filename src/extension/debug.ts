// The `nvdbg` debug type: launch configurations (F5 on an open assembly file just works)
// and where the adapter runs: inline in the extension host (default) or as a separate
// process (`nvdbg.adapter: "process"`, the bundled dist/debugAdapter.js on this Node).
import * as vscode from 'vscode';
import * as path from 'path';
import type { NvdbgSession } from '../debug-adapter/session';

export const DEBUG_TYPE = 'nvdbg';
const ASM_LANGUAGE = 'arm64-asm';

class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  /** F5 without a launch.json: debug the active .S (or ELF) file, stopped at its entry. */
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.ProviderResult<vscode.DebugConfiguration> {
    if (config.type === undefined && config.request === undefined && config.name === undefined) {
      const doc = vscode.window.activeTextEditor?.document;
      if (doc === undefined || (doc.languageId !== ASM_LANGUAGE && !/\.(S|s|elf)$/.test(doc.fileName))) {
        void vscode.window.showErrorMessage('nvdbg: open an AArch64 assembly file (.S) or choose a launch configuration.');
        return undefined;
      }
      return { type: DEBUG_TYPE, request: 'launch', name: `nvdbg: ${path.basename(doc.fileName)}`, program: doc.fileName, stopOnEntry: true };
    }
    if (config.program === undefined || config.program === '') {
      void vscode.window.showErrorMessage("nvdbg: the launch configuration needs a 'program' (an ELF or a .S file).");
      return undefined;
    }
    return config;
  }

  provideDebugConfigurations(): vscode.ProviderResult<vscode.DebugConfiguration[]> {
    return [
      { type: DEBUG_TYPE, request: 'launch', name: 'nvdbg: guest hypervisor at virtual EL2 (nested)', program: '${file}', nested: true, stopOnEntry: true },
      { type: DEBUG_TYPE, request: 'launch', name: 'nvdbg: bare (program at EL2)', program: '${file}', stopOnEntry: true },
    ];
  }
}

class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionPath: string) {}
  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const where = vscode.workspace.getConfiguration('nvdbg').get<string>('adapter', 'inline');
    if (where === 'process') {
      return new vscode.DebugAdapterExecutable(process.execPath, [path.join(this.extensionPath, 'dist', 'debugAdapter.js')]);
    }
    // Loaded on the first session, not at activation (the engine is most of the extension's code).
    const lib = require(path.join(this.extensionPath, 'dist', 'adapterLib.js')) as { NvdbgSession: typeof NvdbgSession };
    return new vscode.DebugAdapterInlineImplementation(new lib.NvdbgSession());
  }
}

export function registerDebugging(context: vscode.ExtensionContext): void {
  const provider = new ConfigurationProvider();
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, { provideDebugConfigurations: () => provider.provideDebugConfigurations() }, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory(context.extensionPath)),
  );
}
