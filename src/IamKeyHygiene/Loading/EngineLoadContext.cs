using System;
using System.Reflection;
using System.Runtime.Loader;

namespace IamKeyHygiene.Loading
{
    /// <summary>
    /// The private load context of the engine on PowerShell 7. It loads the engine, the protocol layer and every
    /// AWSSDK.* assembly from deps/, whatever copies the default context already holds (AWS.Tools ships AWSSDK.Core
    /// with the same assembly identity 4.0.0.0), and hands every other name back to the default context so that
    /// framework types (Task, Stream, JSON…) stay one type on both sides.
    /// System.Runtime.Loader 4.3.0 cannot name a context; the type name shows up instead.
    /// </summary>
    internal sealed class EngineLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new object();
        private static EngineLoadContext? _shared;

        private readonly DependencyFolder _folder;
        private readonly object _loadGate = new object();

        private EngineLoadContext(DependencyFolder folder)
        {
            _folder = folder;
            // Last resort for a polyfill the running PowerShell lacks: serve it from deps/.
            Resolving += OnResolvingFromDeps;
        }

        /// <summary>One context per process and folder: a second import must reuse it, or types would split.</summary>
        public static EngineLoadContext For(DependencyFolder folder)
        {
            lock (Gate)
            {
                if (_shared == null || !string.Equals(_shared._folder.Path, folder.Path, StringComparison.Ordinal))
                {
                    _shared = new EngineLoadContext(folder);
                }

                return _shared;
            }
        }

        /// <summary>The engine or the protocol layer, asked for by the cmdlet assembly in the default context.</summary>
        public Assembly? LoadOurs(AssemblyName name) => LoadFromDeps(name);

        protected override Assembly? Load(AssemblyName assemblyName)
            => DependencyFolder.IsPrivate(assemblyName) ? LoadFromDeps(assemblyName) : null;

        private Assembly? OnResolvingFromDeps(AssemblyLoadContext context, AssemblyName name) => LoadFromDeps(name);

        private Assembly? LoadFromDeps(AssemblyName name)
        {
            string? path = _folder.Find(name);
            if (path == null)
            {
                return null;
            }

            lock (_loadGate)
            {
                // Loading the same path twice into one context throws; return the copy already there.
                foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
                {
                    if (string.Equals(loaded.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase)
                        && GetLoadContext(loaded) == this)
                    {
                        return loaded;
                    }
                }

                return LoadFromAssemblyPath(path);
            }
        }
    }
}
