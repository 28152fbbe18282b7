using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using IamKeyHygiene.Engine.Actions;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Hosting;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Organization;
using IamKeyHygiene.Engine.Scan;

namespace IamKeyHygiene.Engine.Run
{
    /// <summary>
    /// The host Invoke-KeyHygiene's phases write to: it keeps what they produce (accounts, findings, action records,
    /// notice records, the scan's totals, every error) for the next phase and the summary, and passes to the real host
    /// only what people see while the run goes (errors, log lines, progress). ShouldProcess reaches the real host only
    /// while <see cref="MayChange"/> holds (Enforce, Notify's notices); otherwise the answer is No without asking, so
    /// Audit runs the -WhatIf code path and prompts for nothing. Safe to call from any thread.
    /// </summary>
    internal sealed class RunSink : IEngineHost
    {
        private readonly IEngineHost _host;
        private readonly ConcurrentQueue<KeyFinding> _findings = new ConcurrentQueue<KeyFinding>();
        private readonly ConcurrentQueue<KeyActionRecord> _actions = new ConcurrentQueue<KeyActionRecord>();
        private readonly ConcurrentQueue<NoticeRecord> _notices = new ConcurrentQueue<NoticeRecord>();
        private readonly ConcurrentQueue<EngineException> _errors = new ConcurrentQueue<EngineException>();
        private readonly ConcurrentQueue<AccountTarget> _accounts = new ConcurrentQueue<AccountTarget>();

        public RunSink(IEngineHost host) => _host = host ?? throw new ArgumentNullException(nameof(host));

        /// <summary>Each account as the organization walk reaches it (the scan's Add).</summary>
        public Action<AccountTarget>? AccountFound { get; set; }

        /// <summary>True while the current phase may change or send: ShouldProcess then asks the real host.</summary>
        public volatile bool MayChange;

        public IReadOnlyList<AccountTarget> Accounts => _accounts.ToList();
        public IReadOnlyList<KeyFinding> Findings => _findings.ToList();
        public IReadOnlyList<KeyActionRecord> Actions => _actions.ToList();
        public IReadOnlyList<NoticeRecord> Notices => _notices.ToList();
        public IReadOnlyList<EngineException> Errors => _errors.ToList();
        public ScanTotals? ScanTotals { get; private set; }

        public void WriteResult(object result)
        {
            switch (result)
            {
                case AccountTarget account:
                    _accounts.Enqueue(account);
                    AccountFound?.Invoke(account);
                    break;
                case KeyFinding finding:
                    _findings.Enqueue(finding);
                    break;
                case KeyActionRecord action:
                    _actions.Enqueue(action);
                    break;
                case NoticeRecord notice:
                    _notices.Enqueue(notice);
                    break;
                default:
                    _host.WriteResult(result);
                    break;
            }
        }

        public void WriteError(EngineException failure)
        {
            if (failure == null) throw new ArgumentNullException(nameof(failure));
            if (!failure.Entry.Terminating) _errors.Enqueue(failure);
            _host.WriteError(failure);
        }

        public bool ShouldProcess(string target, string action) => MayChange && _host.ShouldProcess(target, action);

        public void Progress(string activity, string status, int percentComplete) => _host.Progress(activity, status, percentComplete);

        public void Information(object data, string[] tags)
        {
            if (data is ScanTotals totals)
            {
                ScanTotals = totals;
                _host.Verbose(totals.ToString());
                return;
            }

            _host.Information(data, tags);
        }

        public void Verbose(string message) => _host.Verbose(message);

        public void Debug(string message) => _host.Debug(message);

        public void Warning(string message) => _host.Warning(message);
    }
}
