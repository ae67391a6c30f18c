using System.Net.Http.Headers;

namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>POSTs <see cref="WebhookPayload"/> JSON; any status other than 2xx is a failed delivery.</summary>
public sealed class WebhookChannel : AlertChannel
{
    private readonly WebhookChannelSettings _settings;
    private readonly HttpClient _http;

    /// <param name="http">Shared and owned by the caller; the channel's timeout comes from the token, not from it.</param>
    public WebhookChannel(WebhookChannelSettings settings, HttpClient http)
        : base(settings.MinimumSeverity, settings.Timeout)
    {
        settings.Validate();
        _settings = settings;
        _http = http;
    }

    public override string Name => $"webhook {_settings.SafeUrl}";

    // A bare "/" path is no secret, and redacting it would garble every message.
    protected override IEnumerable<string> Secrets =>
        new[] { _settings.Url.OriginalString, _settings.Url.AbsoluteUri, _settings.Url.PathAndQuery }.Where(s => s != "/");

    protected override async Task SendAsync(Alert alert, CancellationToken ct)
    {
        using var content = new ByteArrayContent(WebhookPayload.Create(alert));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await _http.PostAsync(_settings.Url, content, ct);
        if (!response.IsSuccessStatusCode)
        {
            // The response body is not quoted: some services echo the request URL in it.
            throw new AlertDeliveryException($"answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }
}
