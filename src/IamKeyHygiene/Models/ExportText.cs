using System;
using System.Collections;
using System.Management.Automation;
using System.Reflection;

namespace IamKeyHygiene
{
    /// <summary>
    /// Readable text for the output objects in Export-Csv and Format-List, while ConvertTo-Json keeps writing what it
    /// always has. Export-Csv writes each property's <c>Value.ToString()</c>: a DateTimeOffset in the session's culture,
    /// an array as "System.String[]", a hashtable as its type name. So the object keeps its .NET properties and types,
    /// and gets an instance note property of the same name and value for each; a value whose ToString is unreadable is
    /// wrapped in a PSObject with its own ToString. Why this holds (pwsh 7 and Windows PowerShell 5.1 alike):
    /// - PowerShell finds instance members before the .NET ones, so Export-Csv, Format-List and <c>$f.CreateDate</c> see
    ///   the note; the wrapper is transparent to comparisons, Sort-Object, casts and member calls (<c>.UtcDateTime</c>).
    /// - PSObject.ToString, which Export-Csv calls, runs an instance ToString method first.
    /// - ConvertTo-Json writes the .NET properties and adds a PSObject's instance properties only under names not yet
    ///   written: these notes never reach JSON.
    /// - Every property gets a note, not only the wrapped ones: instance members come first, so CSV columns keep the
    ///   classes' order.
    /// Changing the property types instead (a date type with an ISO ToString) would change ConvertTo-Json.
    /// The ToString methods are script methods: one script block each, shared; a code method would compile its call
    /// anew for every object it is copied to (about 0.3 ms each, against 0.05 ms). Their scripts use only what
    /// ConstrainedLanguage and Set-StrictMode -Version Latest allow.
    /// </summary>
    internal static class ExportText
    {
        private const string IsoUtc = "ToString(\"yyyy-MM-dd'T'HH:mm:ss'Z'\", [System.Globalization.CultureInfo]::InvariantCulture)";

        /// <summary>ISO-8601 UTC to the second, e.g. 2026-11-27T10:00:00Z.</summary>
        private static readonly PSScriptMethod DateText = ToStringMethod("$this.UtcDateTime." + IsoUtc);

        /// <summary>Reasons joined with ';', e.g. TooOld;SecondActiveKey.</summary>
        private static readonly PSScriptMethod ListText = ToStringMethod("$this -join ';'");

        /// <summary>Tags as key=value pairs in key order, joined with ';', e.g. env=prod;team=payments.</summary>
        private static readonly PSScriptMethod PairsText = ToStringMethod(
            "(@(foreach ($entry in $this.GetEnumerator()) { '{0}={1}' -f $entry.Key, $entry.Value }) | Sort-Object) -join ';'");

        /// <summary>The address and where it came from, e.g. "payments@example.com (tag:owner)".</summary>
        private static readonly PSScriptMethod OwnerText = ToStringMethod(
            "$contact = if ($this.Email) { $this.Email } elseif ($this.SlackId) { $this.SlackId } else { $this.Name }\n" +
            "'{0} ({1})' -f $contact, $this.Source");

        /// <summary>The output object for <paramref name="model"/>: the same object, with readable text for its values.</summary>
        internal static PSObject WithReadableText<T>(T model)
            where T : class
        {
            var output = PSObject.AsPSObject(model);
            foreach (var property in PublicProperties<T>.InOrder)
            {
                output.Properties.Add(new PSNoteProperty(property.Name, Readable(property.GetValue(model))));
            }

            return output;
        }

        private static object? Readable(object? value) => value switch
        {
            DateTimeOffset _ => WithToString(value, DateText),
            string[] _ => WithToString(value, ListText),
            IDictionary _ => WithToString(value, PairsText),
            KeyOwner _ => WithToString(value, OwnerText),
            _ => value,
        };

        private static PSObject WithToString(object value, PSScriptMethod toString)
        {
            var wrapped = new PSObject(value);
            wrapped.Methods.Add(toString);
            return wrapped;
        }

        private static PSScriptMethod ToStringMethod(string script) => new PSScriptMethod("ToString", ScriptBlock.Create(script));

        /// <summary>The public instance properties in declaration order, as PowerShell's adapter lists them (read once).</summary>
        private static class PublicProperties<T>
        {
            internal static readonly PropertyInfo[] InOrder = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        }
    }
}
