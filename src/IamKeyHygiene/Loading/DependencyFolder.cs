using System;
using System.IO;
using System.Reflection;

namespace IamKeyHygiene.Loading
{
    /// <summary>The module's deps/ folder: the engine, the AWS protocol layer, their AWSSDK assemblies, the mail
    /// libraries and the netstandard polyfills.</summary>
    internal sealed class DependencyFolder
    {
        public const string EngineAssemblyName = "IamKeyHygiene.Engine";

        /// <summary>The AWS protocol layer the engine stands on; the cmdlet assembly names it too (the engine's log
        /// interface extends the protocol layer's).</summary>
        public const string ProtocolAssemblyName = "IamKeyHygiene.AwsProtocol";

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

        /// <summary>Our assemblies in deps/ (engine and protocol layer): the only names the default context is helped to.</summary>
        public static bool IsOurs(AssemblyName name)
            => string.Equals(name.Name, EngineAssemblyName, StringComparison.OrdinalIgnoreCase)
               || string.Equals(name.Name, ProtocolAssemblyName, StringComparison.OrdinalIgnoreCase);

        /// <summary>Libraries the engine carries that another module may load in another version (e-mail notices):
        /// private like AWSSDK.* (build.ps1 names the same ones).</summary>
        private static readonly string[] PrivateLibraries = { "MailKit", "MimeKit", "BouncyCastle.Cryptography" };

        /// <summary>Assemblies that must come from deps/ even when another copy is loaded: ours, AWS's SDK, and the
        /// mail libraries.</summary>
        public static bool IsPrivate(AssemblyName name)
            => IsOurs(name)
               || (name.Name != null && name.Name.StartsWith("AWSSDK.", StringComparison.OrdinalIgnoreCase))
               || Array.Exists(PrivateLibraries, library => string.Equals(library, name.Name, StringComparison.OrdinalIgnoreCase));
    }
}
