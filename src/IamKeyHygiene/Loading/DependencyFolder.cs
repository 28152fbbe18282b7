using System;
using System.IO;
using System.Reflection;

namespace IamKeyHygiene.Loading
{
    /// <summary>The module's deps/ folder: the engine, its AWSSDK assemblies and the netstandard polyfills.</summary>
    internal sealed class DependencyFolder
    {
        /// <summary>The simple name of the engine assembly, the only name the default context is helped to.</summary>
        public const string EngineAssemblyName = "IamKeyHygiene.Engine";

        private DependencyFolder(string path)
        {
            Path = path;
        }

        public string Path { get; }

        public static DependencyFolder NextTo(Assembly cmdletAssembly)
        {
            string moduleFolder = System.IO.Path.GetDirectoryName(cmdletAssembly.Location)
                ?? throw new InvalidOperationException("The IamKeyHygiene cmdlet assembly has no location on disk.");
            return new DependencyFolder(System.IO.Path.Combine(moduleFolder, "deps"));
        }

        /// <summary>The file for an assembly name if deps/ has it, else null.</summary>
        public string? Find(AssemblyName name)
        {
            if (string.IsNullOrEmpty(name.Name) || name.Name!.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0)
            {
                return null;
            }

            string candidate = System.IO.Path.Combine(Path, name.Name + ".dll");
            return File.Exists(candidate) ? candidate : null;
        }

        /// <summary>Assemblies that must come from deps/ even when another copy is loaded: ours and AWS's SDK.</summary>
        public static bool IsPrivate(AssemblyName name)
            => string.Equals(name.Name, EngineAssemblyName, StringComparison.OrdinalIgnoreCase)
               || (name.Name != null && name.Name.StartsWith("AWSSDK.", StringComparison.OrdinalIgnoreCase));
    }
}
