using IamKeyHygiene.Emulator.Hosting;
using IamKeyHygiene.Engine.Errors;
using IamKeyHygiene.Engine.Notices;
using IamKeyHygiene.Engine.Notices.Channels;
using IamKeyHygiene.Tests.Unit.Clients;
using Xunit;
using static IamKeyHygiene.Tests.Unit.EmulatorTestKit;

namespace IamKeyHygiene.Tests.Unit.Notices;

/// <summary>NoticeChannels.CreateAsync's AWS part: the SNS channel when a topic is named, and the SMTP credentials
/// read (decrypted) from SSM Parameter Store before any channel is built.</summary>
public sealed class NoticeChannelsAwsTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private EmulatorHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync(SsmParameterReaderTests.Scenario);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_SMTP_credentials_are_read_from_SSM_and_never_logged()
    {
        var settings = new NoticeChannelSettings { SmtpUserNameParameter = "/key-hygiene/smtp-user", SmtpPasswordParameter = "/key-hygiene/smtp-password" };
        var log = new MemoryLog();

        var channels = await NoticeChannels.CreateAsync(settings, SsmParameterReaderTests.Connect(_host, log), log, None);

        Assert.Equal(("AKIASMTPUSEREXAMPLE1", SsmParameterReaderTests.SmtpPassword), (settings.SmtpCredential!.UserName, settings.SmtpCredential.Password));
        Assert.DoesNotContain(channels, c => c is SnsNoticeChannel);
        Assert.DoesNotContain(SsmParameterReaderTests.SmtpPassword, log.Text, StringComparison.Ordinal);
        Assert.Contains("/key-hygiene/smtp-password", log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_given_is_kept_and_SSM_is_not_asked()
    {
        var given = new System.Net.NetworkCredential("given-user", "given-password");
        var settings = new NoticeChannelSettings { SmtpCredential = given, SmtpUserNameParameter = "/none", SmtpPasswordParameter = "/none" };

        await NoticeChannels.CreateAsync(settings, SsmParameterReaderTests.Connect(_host), new MemoryLog(), None);

        Assert.Same(given, settings.SmtpCredential);
        Assert.False(_host.CallsIn(Management).ContainsKey("ssm:GetParameter"));
    }

    [Fact]
    public async Task A_missing_parameter_stops_before_any_channel_naming_the_parameter_not_a_value()
    {
        var settings = new NoticeChannelSettings
        {
            SmtpUserNameParameter = "/key-hygiene/smtp-user",
            SmtpPasswordParameter = "/key-hygiene/gone",
            SnsTopicArn = $"arn:aws:sns:us-east-1:{Management}:key-hygiene",
        };

        var error = await Assert.ThrowsAsync<EngineException>(() => NoticeChannels.CreateAsync(settings, SsmParameterReaderTests.Connect(_host), new MemoryLog(), None));

        Assert.Equal(ErrorCatalog.SmtpCredentialParameterUnavailable, error.Entry);
        Assert.True(error.Entry.Terminating);
        Assert.Equal("/key-hygiene/gone", error.Target);
        Assert.DoesNotContain("AKIASMTPUSEREXAMPLE1", error.ToString(), StringComparison.Ordinal);
        Assert.Null(settings.SmtpCredential);
    }

    [Fact]
    public async Task A_topic_ARN_adds_the_SNS_channel_which_needs_a_connection()
    {
        var settings = new NoticeChannelSettings { SnsTopicArn = $"arn:aws:sns:us-east-1:{Management}:key-hygiene" };

        var channels = await NoticeChannels.CreateAsync(settings, SsmParameterReaderTests.Connect(_host), new MemoryLog(), None);

        Assert.Equal("Sns", Assert.Single(channels).Name);
        await Assert.ThrowsAsync<ArgumentException>(() => NoticeChannels.CreateAsync(settings, null, new MemoryLog(), None));
    }
}
