using System;
using System.Collections;
using System.Reflection;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace IamKeyHygiene.Engine.Aws.Credentials
{
    /// <summary>
    /// Reads credentials out of objects from another load context without naming their types: an AWS.Tools
    /// AWSCredentials (public GetCredentials() returning something with AccessKey/SecretKey/Token), the
    /// AWSPSCredentials wrapper $StoredAWSCredentials holds (its credentials sit in a non-public
    /// "Credentials" property), a dictionary or plain object with AccessKey/SecretKey/SessionToken. Our own
    /// AWSCredentials pass through unchanged. PowerShell's wrappers never get here: the cmdlet layer unwraps
    /// them (a custom object arrives as a dictionary of its properties).
    /// </summary>
    internal static class DuckTypedCredentials
    {
        private const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        /// <param name="value">The object the user gave.</param>
        /// <param name="what">Names it in errors, e.g. "the -Credential object".</param>
        public static AWSCredentials Read(object value, string what) => Read(value, what, depth: 0);

        private static AWSCredentials Read(object value, string what, int depth)
        {
            if (depth > 4)
                throw new AwsConfigurationException($"{what} nests credentials too deeply to read.");
            if (value is AWSCredentials ours)
                return ours;

            var type = value.GetType();
            if (value is IDictionary dictionary)
                return FromKeyLookup(name => ReadDictionary(dictionary, name), what, type);

            var getCredentials = type.GetMethod("GetCredentials", BindingFlags.Instance | BindingFlags.Public, null, Type.EmptyTypes, null);
            if (getCredentials != null)
                return new ReflectedCredentials(value, getCredentials, what);

            var inner = type.GetProperty("Credentials", AnyInstance);
            if (inner != null && inner.GetIndexParameters().Length == 0)
            {
                var innerValue = inner.GetValue(value);
                if (innerValue != null)
                    return Read(innerValue, what, depth + 1);
            }

            return FromKeyLookup(name => type.GetProperty(name, BindingFlags.Instance | BindingFlags.Public)?.GetValue(value), what, type);
        }

        private static AWSCredentials FromKeyLookup(Func<string, object?> lookup, string what, Type type)
        {
            var accessKey = lookup("AccessKey") as string;
            var secretKey = lookup("SecretKey") as string;
            var token = (lookup("SessionToken") ?? lookup("Token")) as string;
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
                throw new AwsConfigurationException(
                    $"{what} (a {type.Name}) is neither an AWSCredentials object nor has AccessKey and SecretKey values.");
            return string.IsNullOrEmpty(token)
                ? new BasicAWSCredentials(accessKey, secretKey)
                : (AWSCredentials)new SessionAWSCredentials(accessKey, secretKey, token);
        }

        private static object? ReadDictionary(IDictionary dictionary, string name)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Key is string key && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                    return entry.Value;
            }
            return null;
        }

        /// <summary>
        /// Calls the foreign object's GetCredentials() at every use, so its own refreshing (an assumed role,
        /// say) keeps working, and copies the three values into our ImmutableCredentials.
        /// </summary>
        private sealed class ReflectedCredentials : AWSCredentials, IDescribedCredentials
        {
            private readonly object _target;
            private readonly MethodInfo _getCredentials;
            private readonly string _what;

            public ReflectedCredentials(object target, MethodInfo getCredentials, string what)
            {
                _target = target;
                _getCredentials = getCredentials;
                _what = what;
            }

            public string Description => $"a {_target.GetType().Name} read by its GetCredentials()";

            public override ImmutableCredentials GetCredentials()
            {
                object? result;
                try
                {
                    result = _getCredentials.Invoke(_target, null);
                }
                catch (TargetInvocationException e)
                {
                    throw new AwsConfigurationException($"{_what} failed to produce credentials: {e.InnerException?.Message}", e.InnerException ?? e);
                }
                if (result == null)
                    throw new AwsConfigurationException($"{_what} returned no credentials.");
                var type = result.GetType();
                var accessKey = type.GetProperty("AccessKey")?.GetValue(result) as string;
                var secretKey = type.GetProperty("SecretKey")?.GetValue(result) as string;
                var token = type.GetProperty("Token")?.GetValue(result) as string;
                if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
                    throw new AwsConfigurationException($"{_what} returned credentials without AccessKey or SecretKey.");
                return new ImmutableCredentials(accessKey, secretKey, string.IsNullOrEmpty(token) ? null : token);
            }

            public override Task<ImmutableCredentials> GetCredentialsAsync()
                => Task.Run(GetCredentials); // the foreign call may block on its own network refresh
        }
    }
}
