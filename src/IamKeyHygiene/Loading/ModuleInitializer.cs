using System;
using System.Management.Automation;

namespace IamKeyHygiene.Loading
{
    /// <summary>
    /// Runs when PowerShell imports the module: teaches the runtime where the engine lives (deps/) before any
    /// cmdlet touches it, so the engine and its AWSSDK copy never collide with another module's AWSSDK.
    /// This class must not mention an engine type: the engine is not loadable until the hook is in place.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static IDependencyResolver? _resolver;

        public void OnImport()
        {
            lock (Gate)
            {
                // A module imported twice (or into two runspaces) shares one hook and one load context.
                if (_resolver != null)
                {
                    return;
                }

                DependencyFolder folder = DependencyFolder.NextTo(typeof(ModuleInitializer).Assembly);
                _resolver = HasAssemblyLoadContext()
                    ? CoreResolverFactory.Create(folder)
                    : new DesktopDependencyResolver(folder);
                _resolver.Attach();
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                // Assemblies cannot be unloaded from the default context; detaching only stops serving new loads.
                // A later import attaches again and (on Core) reuses the one engine context.
                _resolver?.Detach();
                _resolver = null;
            }
        }

        /// <summary>PowerShell 7 (.NET) has AssemblyLoadContext in its core library; Windows PowerShell 5.1 does not.</summary>
        private static bool HasAssemblyLoadContext()
            => typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") != null;
    }

    internal interface IDependencyResolver
    {
        void Attach();
        void Detach();
    }
}
