using System;
using System.Collections.Generic;

namespace IamKeyHygiene.Engine.Inventory
{
    /// <summary>An IAM user as read (ListUsers or a credential report row), and its tags once read.</summary>
    internal sealed class IamUserFacts
    {
        public IamUserFacts(string userName, string arn, string path, DateTimeOffset? createDate)
        {
            UserName = userName;
            Arn = arn;
            Path = path;
            CreateDate = createDate;
        }

        public string UserName { get; }
        public string Arn { get; }
        public string Path { get; }
        public DateTimeOffset? CreateDate { get; }

        /// <summary>Null until read (ListUserTags is called only for users that need it).</summary>
        public IReadOnlyDictionary<string, string>? Tags { get; set; }
    }
}
