using System;
using System.Collections.Generic;
using System.IO;

namespace IamKeyHygiene.Engine.Policy.Json
{
    /// <summary>Reading the JSON files users keep in git: an unreadable file is a validation error naming it.</summary>
    internal static class JsonFile
    {
        /// <param name="path">The file.</param>
        /// <param name="what">"policy", "exemptions" or "owners", for the message.</param>
        public static byte[] ReadAllBytes(string path, string what)
        {
            try { return File.ReadAllBytes(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw new PolicyValidationException(path, null, "", $"cannot read the {what} file: {e.Message}");
            }
        }

        /// <summary>Parses a file whose top level is an array of objects, reading each with <paramref name="readOne"/>.</summary>
        public static IReadOnlyList<T> ParseList<T>(byte[] utf8, string source, string what, Func<JsonFieldReader, T> readOne)
        {
            var root = PositionedJsonParser.Parse(utf8, source);
            if (root.Kind != JsonKind.Array)
                throw new PolicyValidationException(source, root.Line, "", $"expected a JSON array of {what}.");
            var result = new List<T>();
            for (var i = 0; i < root.Items.Count; i++)
                result.Add(readOne(new JsonFieldReader(root.Items[i], $"[{i}]", source)));
            return result;
        }
    }
}
