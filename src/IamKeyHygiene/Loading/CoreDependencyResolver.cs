using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace IamKeyHygiene.Loading
{
    /// <summary>
    /// Keeps the System.Runtime.Loader types out of <see cref="ModuleInitializer"/>: on Windows PowerShell the
    /// JIT must never compile a method that names them.
    /// </summary>
    internal static class CoreResolverFactory
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static IDependencyResolver Create(DependencyFolder folder) => new CoreDependencyResolver(folder);
    }

    /// <summary>
    /// PowerShell 7: the default context cannot find the engine (it is not next to the cmdlet assembly), so its
    /// Resolving event asks us, and we answer from the one private <see cref="EngineLoadContext"/>.
    /// Only the engine's name is answered here: everything else stays the default context's business.
    /// </summary>
    internal sealed class CoreDependencyResolver : IDependencyResolver
    {
        private readonly EngineLoadContext _context;

        public CoreDependencyResolver(DependencyFolder folder)
        {
            _context = EngineLoadContext.For(folder);
        }

        public void Attach() => AssemblyLoadContext.Default.Resolving += OnDefaultResolving;

        public void Detach() => AssemblyLoadContext.Default.Resolving -= OnDefaultResolving;

        private Assembly? OnDefaultResolving(AssemblyLoadContext context, AssemblyName name)
        {
            // Resolving can fire more than once for the same name; the context loads each file only once.
            return string.Equals(name.Name, DependencyFolder.EngineAssemblyName, StringComparison.OrdinalIgnoreCase)
                ? _context.LoadEngine(name)
                : null;
        }
    }
}
