using System;
using System.Reflection;

namespace IamKeyHygiene.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 has one AppDomain and no load contexts: serve deps/ (engine, AWSSDK, polyfills)
    /// through AssemblyResolve, as powershell.exe itself would with LoadFrom.
    /// </summary>
    internal sealed class DesktopDependencyResolver : IDependencyResolver
    {
        private readonly DependencyFolder _folder;

        public DesktopDependencyResolver(DependencyFolder folder)
        {
            _folder = folder;
        }

        public void Attach() => AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;

        public void Detach() => AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;

        private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            string? path = _folder.Find(new AssemblyName(args.Name));
            return path == null ? null : Assembly.LoadFrom(path);
        }
    }
}
