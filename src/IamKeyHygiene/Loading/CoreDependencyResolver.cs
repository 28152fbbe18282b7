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
    /// PowerShell 7: the default context cannot find the engine or the protocol layer (they are not next to the
    /// cmdlet assembly), so its Resolving event asks us, and we answer from the one private <see cref="EngineLoadContext"/>.
    /// Only those two names are answered here: everything else stays the default context's business.
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
            return DependencyFolder.IsOurs(name) ? _context.LoadOurs(name) : null;
        }
    }
}
