using System.Text.Json;
using IamKeyHygiene.Emulator.Protocol;
using IamKeyHygiene.Emulator.State;

namespace IamKeyHygiene.Emulator.Services.Organizations;

/// <summary>AWS Organizations (awsJson1_1, target prefix AWSOrganizationsV20161128): read operations of the org tree.</summary>
public sealed class OrganizationsService
{
    public const string TargetPrefix = "AWSOrganizationsV20161128.";
    private readonly EmulatorState state;
    private readonly List<AccountState> accountsById;

    public OrganizationsService(EmulatorState state)
    {
        this.state = state;
        accountsById = state.AccountList.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
    }

    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal)
    {
        "DescribeOrganization", "ListAccounts", "ListRoots", "ListOrganizationalUnitsForParent", "ListAccountsForParent",
        "DescribeAccount", "ListParents", "ListTagsForResource",
    };

    public string Handle(AwsCall call)
    {
        lock (state.Sync)
        {
            CheckAccess(call);
            return call.Operation switch
            {
                "DescribeOrganization" => DescribeOrganization(),
                "ListAccounts" => ListAccounts(call, accountsById),
                "ListAccountsForParent" => ListAccounts(call, accountsById.Where(a => a.ParentId == RequiredParent(call))),
                "ListRoots" => ListRoots(),
                "ListOrganizationalUnitsForParent" => ListUnits(call),
                "DescribeAccount" => DescribeAccount(call),
                "ListParents" => ListParents(call),
                "ListTagsForResource" => ListTags(call),
                _ => throw new AwsErrorException("UnknownOperationException", string.Empty, 400),
            };
        }
    }

    private void CheckAccess(AwsCall call)
    {
        if (!state.OrganizationsEnabled)
        {
            throw new AwsErrorException("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.", 400);
        }

        var account = call.Caller.Account.Id;
        if (call.Operation != "DescribeOrganization" && account != state.ManagementAccountId && account != state.DelegatedAdministratorId)
        {
            throw new AwsErrorException("AccessDeniedException", "You don't have permissions to access this resource.", 400);
        }
    }

    private static AwsErrorException InvalidInput(string reason, string message) =>
        new("InvalidInputException", message, 400) { ExtraJsonMembers = new Dictionary<string, string> { ["Reason"] = reason } };

    private static (int Max, int Page, string Position) Paging(AwsCall call)
    {
        var max = call.JsonInt("MaxResults") ?? 20;
        if (max < 1)
        {
            throw InvalidInput("MIN_VALUE_EXCEEDED", "You provided a value that is less than the minimum allowed value.");
        }

        if (max > 20)
        {
            throw InvalidInput("MAX_VALUE_EXCEEDED", "You provided a value that exceeds the maximum allowed value.");
        }

        if (!PageToken.TryDecode(call.JsonString("NextToken"), out var page, out var position))
        {
            throw InvalidInput("INVALID_NEXT_TOKEN", "You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.");
        }

        return (call.PageShape?.ItemsOn(page, max) ?? max, page, position);
    }

    private string RequiredParent(AwsCall call)
    {
        var parent = call.JsonString("ParentId") ?? throw InvalidInput("INPUT_REQUIRED", "You must specify a value for ParentId.");
        if (parent != state.RootId && !state.Units.ContainsKey(parent))
        {
            throw new AwsErrorException("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.", 400);
        }

        return parent;
    }

    private string DescribeOrganization()
    {
        var management = state.ManagementAccount;
        return JsonOut.Write(w =>
        {
            w.WriteStartObject("Organization");
            w.WriteString("Id", state.OrganizationId);
            w.WriteString("Arn", state.OrganizationArn);
            w.WriteString("FeatureSet", "ALL");
            w.WriteString("MasterAccountArn", state.AccountArn(management.Id));
            w.WriteString("MasterAccountId", management.Id);
            w.WriteString("MasterAccountEmail", management.Email);
            w.WriteStartArray("AvailablePolicyTypes");
            w.WriteStartObject();
            w.WriteString("Type", "SERVICE_CONTROL_POLICY");
            w.WriteString("Status", "ENABLED");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The retired Status field AWS still sends next to State.</summary>
    private static string LegacyStatus(string state) => state switch
    {
        "SUSPENDED" or "CLOSED" => "SUSPENDED",
        "PENDING_CLOSURE" => "PENDING_CLOSURE",
        _ => "ACTIVE",
    };

    private void WriteAccount(Utf8JsonWriter w, AccountState account)
    {
        w.WriteStartObject();
        w.WriteString("Id", account.Id);
        w.WriteString("Arn", state.AccountArn(account.Id));
        w.WriteString("Email", account.Email);
        w.WriteString("Name", account.Name);
        w.WriteString("Status", LegacyStatus(account.State));
        w.WriteString("State", account.State);
        w.WriteString("JoinedMethod", account.Id == state.ManagementAccountId ? "INVITED" : "CREATED");
        JsonOut.Timestamp(w, "JoinedTimestamp", account.CreateDate);
        w.WriteEndObject();
    }

    private string ListAccounts(AwsCall call, IEnumerable<AccountState> accounts)
    {
        var (max, page, position) = Paging(call);
        var (slice, next) = PageToken.Slice(accounts, a => a.Id, StringComparer.Ordinal, page, position, max);
        return JsonOut.Write(w =>
        {
            w.WriteStartArray("Accounts");
            foreach (var account in slice)
            {
                WriteAccount(w, account);
            }

            w.WriteEndArray();
            if (next is not null)
            {
                w.WriteString("NextToken", next);
            }
        });
    }

    private string ListRoots() => JsonOut.Write(w =>
    {
        w.WriteStartArray("Roots");
        w.WriteStartObject();
        w.WriteString("Id", state.RootId);
        w.WriteString("Arn", state.RootArn);
        w.WriteString("Name", "Root");
        w.WriteStartArray("PolicyTypes");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    });

    private string ListUnits(AwsCall call)
    {
        var parent = RequiredParent(call);
        var (max, page, position) = Paging(call);
        var units = state.Units.Values.Where(u => u.ParentId == parent).OrderBy(u => u.Id, StringComparer.Ordinal);
        var (slice, next) = PageToken.Slice(units, u => u.Id, StringComparer.Ordinal, page, position, max);
        return JsonOut.Write(w =>
        {
            w.WriteStartArray("OrganizationalUnits");
            foreach (var unit in slice)
            {
                w.WriteStartObject();
                w.WriteString("Id", unit.Id);
                w.WriteString("Arn", state.UnitArn(unit.Id));
                w.WriteString("Name", unit.Name);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (next is not null)
            {
                w.WriteString("NextToken", next);
            }
        });
    }

    private string DescribeAccount(AwsCall call)
    {
        var id = call.JsonString("AccountId") ?? throw InvalidInput("INPUT_REQUIRED", "You must specify a value for AccountId.");
        if (!state.Accounts.TryGetValue(id, out var account))
        {
            throw new AwsErrorException("AccountNotFoundException", "You specified an account that doesn't exist.", 400);
        }

        return JsonOut.Write(w =>
        {
            w.WritePropertyName("Account");
            WriteAccount(w, account);
        });
    }

    private string ListParents(AwsCall call)
    {
        var child = call.JsonString("ChildId") ?? throw InvalidInput("INPUT_REQUIRED", "You must specify a value for ChildId.");
        string parent;
        if (state.Accounts.TryGetValue(child, out var account))
        {
            parent = account.ParentId;
        }
        else if (state.Units.TryGetValue(child, out var unit))
        {
            parent = unit.ParentId;
        }
        else
        {
            throw new AwsErrorException("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.", 400);
        }

        return JsonOut.Write(w =>
        {
            w.WriteStartArray("Parents");
            w.WriteStartObject();
            w.WriteString("Id", parent);
            w.WriteString("Type", parent == state.RootId ? "ROOT" : "ORGANIZATIONAL_UNIT");
            w.WriteEndObject();
            w.WriteEndArray();
        });
    }

    private string ListTags(AwsCall call)
    {
        var id = call.JsonString("ResourceId") ?? throw InvalidInput("INPUT_REQUIRED", "You must specify a value for ResourceId.");
        IEnumerable<KeyValuePair<string, string>> tags;
        if (state.Accounts.TryGetValue(id, out var account))
        {
            tags = account.Tags;
        }
        else if (state.Units.ContainsKey(id) || id == state.RootId)
        {
            tags = Array.Empty<KeyValuePair<string, string>>();
        }
        else
        {
            throw new AwsErrorException("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.", 400);
        }

        return JsonOut.Write(w =>
        {
            w.WriteStartArray("Tags");
            foreach (var tag in tags)
            {
                w.WriteStartObject();
                w.WriteString("Key", tag.Key);
                w.WriteString("Value", tag.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }
}
