using System.Collections.Generic;
using System.Linq;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>A user and every key it has, ready for the judge. Complete unless <see cref="ReadError"/> is
    /// set (the keys could not be listed) or a key carries its own read error.</summary>
    internal sealed class UserInventory
    {
        public UserInventory(IamUserFacts user, IReadOnlyList<AccessKeyFacts> keys, string? readError = null)
        {
            User = user;
            Keys = keys;
            ReadError = readError;
        }

        public IamUserFacts User { get; }
        public IReadOnlyList<AccessKeyFacts> Keys { get; }

        /// <summary>Why the user's keys could not be listed (then <see cref="Keys"/> is empty).</summary>
        public string? ReadError { get; }

        /// <summary>A user is judged only on complete data: any read error makes all its keys ReadError.</summary>
        public bool IsComplete => ReadError == null && Keys.All(k => k.ReadError == null);
    }
}
