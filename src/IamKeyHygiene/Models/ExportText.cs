using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace IamKeyHygiene
{
    /// <summary>
    /// Readable text for the output objects in Export-Csv and Format-List, while ConvertTo-Json keeps writing what it
    /// always has. Export-Csv writes each property's <c>Value.ToString()</c>: a DateTimeOffset in the session's culture,
    /// an array as "System.String[]", a hashtable as its type name. ConvertTo-Json reflects the .NET properties.
    /// So the object keeps its .NET properties and types, and gets an instance note property of the same name and value
    /// for each of them; a value whose ToString is unreadable is wrapped in a PSObject with a ToString code method.
    /// Why this holds (pwsh 7 and Windows PowerShell 5.1 alike):
    /// - PowerShell finds instance members before the .NET ones, so Export-Csv, Format-List and <c>$f.CreateDate</c> see
    ///   the note; the wrapper is transparent to comparisons, Sort-Object, casts and member calls (<c>.UtcDateTime</c>).
    /// - PSObject.ToString, which Export-Csv calls, honours an instance ToString method.
    /// - ConvertTo-Json adds a PSObject's instance properties to the reflected ones under the same name, with the same
    ///   value here; a wrapper carries a method, not a property, so it serialises as its bare value.
    /// - Every property gets a note, not only the wrapped ones: instance members come first, so CSV columns keep the
    ///   classes' order.
    /// Changing the property types instead (a date type with an ISO ToString) would change ConvertTo-Json.
    /// </summary>
    internal static class ExportText
    {
        private static readonly MethodInfo DateMethod = Method(nameof(Date));
        private static readonly MethodInfo ListMethod = Method(nameof(List));
        private static readonly MethodInfo PairsMethod = Method(nameof(Pairs));
        private static readonly MethodInfo OwnerMethod = Method(nameof(Owner));
        private static readonly MethodInfo ExemptionMethod = Method(nameof(Exemption));

        /// <summary>The output object for <paramref name="model"/>: the same object, with readable text for its values.</summary>
        internal static PSObject WithReadableText(object model)
        {
            var output = PSObject.AsPSObject(model);
            var properties = output.Properties.Select(property => new PSNoteProperty(property.Name, Readable(property.Value))).ToList();
            foreach (var property in properties)
            {
                output.Properties.Add(property);
            }

            return output;
        }

        /// <summary>ISO-8601 UTC to the second, e.g. 2026-11-27T10:00:00Z.</summary>
        public static string Date(PSObject instance) => IsoUtc((DateTimeOffset)instance.BaseObject);

        /// <summary>Reasons joined with ';', e.g. TooOld;SecondActiveKey.</summary>
        public static string List(PSObject instance) => string.Join(";", (string[])instance.BaseObject);

        /// <summary>Tags as key=value pairs by key, joined with ';', e.g. env=prod;team=payments.</summary>
        public static string Pairs(PSObject instance)
            => string.Join(";", ((IDictionary)instance.BaseObject).Cast<DictionaryEntry>()
                .Select(entry => $"{entry.Key}={entry.Value}")
                .OrderBy(pair => pair, StringComparer.Ordinal));

        /// <summary>The address and where it came from, e.g. "payments@example.com (tag:owner)".</summary>
        public static string Owner(PSObject instance)
        {
            var owner = (KeyOwner)instance.BaseObject;
            return $"{owner} ({owner.Source})";
        }

        /// <summary>Reason, approver and end, e.g. "Vendor contract; approved by cfo@example.com; until 2027-12-31, end of day UTC".</summary>
        public static string Exemption(PSObject instance)
        {
            var exemption = (KeyExemption)instance.BaseObject;
            var text = exemption.Reason;
            if (!string.IsNullOrEmpty(exemption.Approver))
            {
                text += "; approved by " + exemption.Approver;
            }

            if (exemption.Expires is DateTimeOffset expires)
            {
                // An exemption to a date (the file's "2027-12-31") ends at the next UTC midnight: show the file's date.
                text += expires.UtcDateTime.TimeOfDay == TimeSpan.Zero
                    ? "; until " + expires.UtcDateTime.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ", end of day UTC"
                    : "; until " + IsoUtc(expires);
            }

            return text;
        }

        private static string IsoUtc(DateTimeOffset value)
            => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static object? Readable(object? value) => value switch
        {
            DateTimeOffset _ => WithToString(value, DateMethod),
            string[] _ => WithToString(value, ListMethod),
            IDictionary _ => WithToString(value, PairsMethod),
            KeyOwner _ => WithToString(value, OwnerMethod),
            KeyExemption _ => WithToString(value, ExemptionMethod),
            _ => value,
        };

        private static PSObject WithToString(object value, MethodInfo toString)
        {
            var wrapped = new PSObject(value);
            wrapped.Methods.Add(new PSCodeMethod("ToString", toString));
            return wrapped;
        }

        private static MethodInfo Method(string name)
            => typeof(ExportText).GetMethod(name, BindingFlags.Public | BindingFlags.Static)
               ?? throw new InvalidOperationException($"ExportText.{name} is missing.");
    }
}
