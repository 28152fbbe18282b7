using System;
using System.Threading;
using System.Threading.Tasks;

namespace IamKeyHygiene.Engine.Actions
{
    /// <summary>
    /// A call signed with a key just made, retried while IAM propagates the key (it may be refused for seconds after
    /// CreateAccessKey): the self-rotation's STS GetCallerIdentity and the rotation's GetSecretValue. Each caller says
    /// which failures mean "still propagating"; any other failure, or one past the timeout, is thrown to the caller.
    /// </summary>
    internal static class NewKeyPropagation
    {
        /// <summary>Calls until it answers; a failure <paramref name="stillPropagating"/> accepts is retried after the interval
        /// until the timeout, <paramref name="waiting"/> told of each (the attempt's number and the failure).</summary>
        public static async Task<T> RetryAsync<T>(Func<Task<T>> call, Func<Exception, bool> stillPropagating, TimeSpan timeout, TimeSpan interval,
            Action<int, Exception> waiting, CancellationToken ct)
        {
            var deadline = DateTimeOffset.UtcNow + timeout;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await call().ConfigureAwait(false);
                }
                catch (Exception e) when (stillPropagating(e) && DateTimeOffset.UtcNow < deadline)
                {
                    waiting(attempt, e);
                    await Task.Delay(interval, ct).ConfigureAwait(false);
                }
            }
        }
    }
}
