using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests.Dashboard;

/// <summary>
/// A browser's view of a receiver's dashboard, over real HTTPS: an <see cref="HttpClient"/> that trusts only the
/// test CA, keeps the session cookie and does not follow redirects, and a raw request for paths an HttpClient
/// would tidy up before sending.
/// </summary>
public sealed class DashboardSite : IDisposable
{
    public const string ViewerToken = "viewer-token-5b1f0c2e";
    public const string OperatorToken = "operator-token-9d4a7e11";

    private readonly X509Certificate2 _ca;
    private readonly CookieContainer _cookies = new();

    /// <param name="from">The loopback address the requests come from (another "remote address"); the system's choice when null.</param>
    public DashboardSite(BackupEnvironment env, int port, IPAddress? from = null)
    {
        Port = port;
        _ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(env.Certs, "ca.crt"));
        var handler = new SocketsHttpHandler
        {
            CookieContainer = _cookies,
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && SignedByTestCa(certificate) },
        };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            };
        }

        Http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(1) };
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public string BaseUrl => $"https://127.0.0.1:{Port}";

    /// <summary>The session cookie the dashboard set, or null.</summary>
    public string? Session => _cookies.GetCookies(Http.BaseAddress!)["abk_session"]?.Value;

    /// <summary>The receiver's HOCON for a dashboard on <paramref name="port"/> that <see cref="ViewerToken"/> (alice) and <see cref="OperatorToken"/> (bob) open.</summary>
    public static string Hocon(int port, string extra = "") => $$"""
        akkabackup.dashboard {
          enabled = true
          port = {{port}}
          tokens = [{ name = alice, sha256 = "{{Sha256(ViewerToken)}}", role = viewer }, { name = bob, sha256 = "{{Sha256(OperatorToken)}}", role = operator }]
          {{extra}}
        }
        """;

    public static string Sha256(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public Task<HttpResponseMessage> LogInAsync(string token) =>
        Http.PostAsync("/login", new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]));

    /// <summary>This session's anti-forgery token, as <c>/api/session</c> gives it to the page's script.</summary>
    public async Task<string> CsrfAsync() => (await JsonAsync("/api/session"))["csrf"]!.GetValue<string>();

    /// <summary>An action: <c>POST <paramref name="path"/></c> with the anti-forgery header and the Origin given (none when null); status and body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> ActAsync(string path, string? csrf, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (csrf is not null)
        {
            request.Headers.Add("X-ABK-CSRF", csrf);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public async Task<JsonNode> JsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    public async Task<string> PageAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>
    /// <c>GET <paramref name="rawPath"/></c> written byte for byte on a TLS connection (no URI normalisation), with
    /// the session cookie; the status line and the whole response.
    /// </summary>
    public async Task<(int Status, string Response)> RawGetAsync(string rawPath)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate is not null && SignedByTestCa(certificate));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        });
        var request = $"GET {rawPath} HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\nCookie: abk_session={Session}\r\nConnection: close\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(tls, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }

    /// <summary>The filed rows once the catalog holds <paramref name="count"/> of them (rows are written in batches).</summary>
    public async Task<List<JsonNode>> FiledAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var rows = (await JsonAsync("/api/log?event=filed")).AsArray().Select(r => r!).ToList();
            if (rows.Count >= count)
            {
                return rows;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the catalog has {rows.Count} filing(s), not {count}");
            await Task.Delay(200);
        }
    }

    /// <summary>A backup of client-1's "main" through the client node's console; with <paramref name="watch"/>, to its end (stored and verified).</summary>
    public static async Task BackUpAsync(ConsoleNode console, bool watch)
    {
        var (code, abk) = watch
            ? await console.AbkAsync("backup", "run", "--instance", "main", "--watch")
            : await console.AbkAsync("backup", "run", "--instance", "main");
        Assert.True(code == 0 && (!watch || abk.Stdout.Contains("stored and verified", StringComparison.Ordinal)), abk.Output);
    }

    public void Dispose()
    {
        Http.Dispose();
        _ca.Dispose();
    }

    /// <summary>The node's certificate is for its CN, not for 127.0.0.1: the chain to the test CA is what is checked.</summary>
    private bool SignedByTestCa(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
