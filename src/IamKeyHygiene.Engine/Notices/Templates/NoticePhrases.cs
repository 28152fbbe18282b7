using System.Collections.Generic;
using IamKeyHygiene.Engine.Actions;

namespace IamKeyHygiene.Engine.Notices.Templates
{
    /// <summary>
    /// The words the engine puts into placeholders that are sentences (<c>{done}</c>, <c>{next}</c>) or names
    /// (<c>{stage}</c>, <c>{lastUsed}</c> of a key never used), per language. Templates hold everything else.
    /// </summary>
    public sealed class NoticePhrases
    {
        public static NoticePhrases English { get; } = new NoticePhrases(
            never: "never",
            unknown: "unknown",
            done: (action, date) => $"{Capitalised(EnglishPast(action))} on {date}.",
            preview: action => $"Preview only: it would be {EnglishPast(action)}; nothing was changed.",
            notChanged: reason => $"Not changed in this run ({reason}).",
            failed: reason => $"The change failed ({reason}).",
            deferred: reason => $"Continues on a later run ({reason}).",
            next: (stage, date) => stage switch
            {
                "Warn" => $"Reminders start on {date}.",
                "Disable" => $"It will be disabled on {date}.",
                "Delete" => $"It will be deleted on {date}.",
                "Rotate" => $"It will be rotated on {date}.",
                _ => $"Next: {stage} on {date}.",
            },
            rotated: (newKey, secret) => $"The new key {newKey} is in secret {secret}.",
            due: action => $"Due to be {EnglishPast(action)}; not changed yet.",
            topic: (keys, newKeys) => newKeys == keys
                ? keys == 1 ? "a new access key was created" : $"{keys} new access keys were created"
                : keys == 1 ? "1 of your keys needs attention" : $"{keys} of your keys need attention",
            cut: (lines, channel) => $"… {lines} more lines left out: the message was longer than {channel} takes. Ask your administrator for the full list.",
            stages: new Dictionary<string, string>());

        public static NoticePhrases Japanese { get; } = new NoticePhrases(
            never: "未使用",
            unknown: "不明",
            done: (action, date) => $"{date}に{JapaneseStem(action)}ました。",
            preview: action => $"プレビューのため変更していません（本番の実行では{JapaneseStem(action)}ます）。",
            notChanged: reason => $"今回の実行では変更していません（{reason}）。",
            failed: reason => $"変更に失敗しました（{reason}）。",
            deferred: reason => $"次回以降の実行で続行します（{reason}）。",
            next: (stage, date) => stage switch
            {
                "Warn" => $"{date}から通知が始まります。",
                "Disable" => $"{date}に無効化されます。",
                "Delete" => $"{date}に削除されます。",
                "Rotate" => $"{date}にローテーションされます。",
                _ => $"{date}に次の段階（{stage}）へ進みます。",
            },
            rotated: (newKey, secret) => $"新しいキー {newKey} はシークレット {secret} に保存されています。",
            due: action => $"{JapaneseStem(action).TrimEnd('し')}の対象ですが、まだ変更していません。",
            topic: (keys, newKeys) => newKeys == keys ? $"新しいアクセスキーが {keys} 件作成されました" : $"対応が必要なアクセスキーが {keys} 件あります",
            cut: (lines, channel) => $"… 以降の {lines} 行は {channel} で送れる長さを超えるため省略しました。一覧は管理者にお問い合わせください。",
            stages: new Dictionary<string, string>
            {
                ["Healthy"] = "正常",
                ["Warn"] = "警告",
                ["Rotate"] = "ローテーション",
                ["Disable"] = "無効化",
                ["Delete"] = "削除",
                ["Exempt"] = "適用除外",
                ["NewKey"] = "新規キー",
                ["RootAccessKey"] = "ルートキー",
                ["ReadError"] = "読み取りエラー",
            });

        private readonly Dictionary<string, string> _stages;

        private NoticePhrases(string never, string unknown, System.Func<string, string, string> done, System.Func<string, string> preview,
            System.Func<string, string> notChanged, System.Func<string, string> failed, System.Func<string, string> deferred,
            System.Func<string, string, string> next, System.Func<string, string, string> rotated, System.Func<string, string> due,
            System.Func<int, int, string> topic, System.Func<int, string, string> cut,
            Dictionary<string, string> stages)
        {
            Never = never;
            Unknown = unknown;
            Done = done;
            Preview = preview;
            NotChanged = notChanged;
            Failed = failed;
            Deferred = deferred;
            Next = next;
            Rotated = rotated;
            Due = due;
            Topic = topic;
            Cut = cut;
            _stages = stages;
        }

        public static NoticePhrases For(string language) => language == "ja" ? Japanese : English;

        /// <summary>A key never used.</summary>
        public string Never { get; }

        /// <summary>A fact not known (a root key's age).</summary>
        public string Unknown { get; }

        /// <summary>(action, date): what was just done.</summary>
        public System.Func<string, string, string> Done { get; }

        /// <summary>(action): what -WhatIf would have done.</summary>
        public System.Func<string, string> Preview { get; }

        /// <summary>(reason): skipped or blocked.</summary>
        public System.Func<string, string> NotChanged { get; }

        public System.Func<string, string> Failed { get; }
        public System.Func<string, string> Deferred { get; }

        /// <summary>(next stage, date): what happens next.</summary>
        public System.Func<string, string, string> Next { get; }

        /// <summary>(masked new key id, secret ARN): where a rotated key's successor is.</summary>
        public System.Func<string, string, string> Rotated { get; }

        /// <summary>(action): a key whose stage calls for the action, passed without an action result.</summary>
        public System.Func<string, string> Due { get; }

        /// <summary>(keys, new keys among them): what a message is about, for its subject; a new-key alert says so.</summary>
        public System.Func<int, int, string> Topic { get; }

        /// <summary>(lines left out, channel): the last line of a message cut to fit its channel.</summary>
        public System.Func<int, string, string> Cut { get; }

        /// <summary>The stage as people read it.</summary>
        public string Stage(string stage) => _stages.TryGetValue(stage, out var name) ? name : stage;

        private static string EnglishPast(string action) => action switch
        {
            ActionNames.Disable => "disabled",
            ActionNames.Delete => "deleted",
            ActionNames.TagSeenInactive => "marked for deletion",
            ActionNames.Rotate => "rotated",
            ActionNames.DeactivateOld => "disabled (the old key of a rotation)",
            ActionNames.DeleteOld => "deleted (the old key of a rotation)",
            ActionNames.DeleteOrphan => "deleted (left over from an unfinished rotation)",
            ActionNames.Restore => "re-activated",
            _ => action,
        };

        private static string JapaneseStem(string action) => action switch
        {
            ActionNames.Disable => "無効化し",
            ActionNames.Delete => "削除し",
            ActionNames.TagSeenInactive => "削除予定として記録し",
            ActionNames.Rotate => "ローテーションし",
            ActionNames.DeactivateOld => "ローテーション前の旧キーを無効化し",
            ActionNames.DeleteOld => "ローテーション前の旧キーを削除し",
            ActionNames.DeleteOrphan => "未完了のローテーションで残ったキーを削除し",
            ActionNames.Restore => "再有効化し",
            _ => action + "を実行し",
        };

        private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
