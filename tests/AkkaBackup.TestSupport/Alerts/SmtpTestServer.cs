using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MimeKit;

namespace AkkaBackup.TestSupport.Alerts;

public sealed record ReceivedMail(string User, string MailFrom, IReadOnlyList<string> RcptTo, MimeMessage Message);

/// <summary>
/// Just enough of an SMTP submission server: EHLO, STARTTLS (or TLS from the first byte), AUTH LOGIN,
/// MAIL, RCPT, DATA, RSET, NOOP, QUIT. Like a real relay it offers AUTH only over TLS and takes mail only
/// after a login, so a message that arrives proves the client encrypted and logged in.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly bool _implicitTls;
    private readonly string _user;
    private readonly string _password;
    private readonly ConcurrentQueue<ReceivedMail> _mails = new();
    private int _loginAttempts;

    public SmtpTestServer(X509Certificate2 certificate, string user, string password, bool implicitTls = false)
    {
        _certificate = certificate;
        _user = user;
        _password = password;
        _implicitTls = implicitTls;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<ReceivedMail> Mails => _mails.ToList();

    public int LoginAttempts => _loginAttempts;

    public void Dispose() => _listener.Stop();

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            await new Session(this, client.GetStream()).RunAsync();
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            // The client hung up or refused our certificate: exactly what some tests want.
        }
    }

    private sealed class Session(SmtpTestServer server, Stream stream)
    {
        private Stream _stream = stream;
        private bool _tls;
        private string? _user;
        private string? _mailFrom;
        private readonly List<string> _rcptTo = [];

        public async Task RunAsync()
        {
            if (server._implicitTls)
            {
                await StartTlsAsync();
            }

            await ReplyAsync("220 test-smtp ESMTP ready");
            while (await ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : "";
                switch (verb)
                {
                    case "EHLO":
                        await ReplyAsync("250-test-smtp", _tls ? "250 AUTH LOGIN" : "250 STARTTLS");
                        break;
                    case "STARTTLS" when !_tls:
                        await ReplyAsync("220 2.0.0 go ahead");
                        await StartTlsAsync();
                        break;
                    case "AUTH" when !_tls:
                        await ReplyAsync("538 5.7.11 encryption required");
                        break;
                    case "AUTH":
                        await LoginAsync(argument);
                        break;
                    case "MAIL" when _user is null:
                        await ReplyAsync("530 5.7.0 authentication required");
                        break;
                    case "MAIL":
                        _mailFrom = Address(argument);
                        await ReplyAsync("250 2.1.0 ok");
                        break;
                    case "RCPT":
                        _rcptTo.Add(Address(argument));
                        await ReplyAsync("250 2.1.5 ok");
                        break;
                    case "DATA" when _mailFrom is not null && _rcptTo.Count > 0:
                        await ReceiveDataAsync();
                        break;
                    case "RSET":
                        _mailFrom = null;
                        _rcptTo.Clear();
                        await ReplyAsync("250 2.0.0 ok");
                        break;
                    case "NOOP":
                        await ReplyAsync("250 2.0.0 ok");
                        break;
                    case "QUIT":
                        await ReplyAsync("221 2.0.0 bye");
                        return;
                    default:
                        await ReplyAsync("503 5.5.1 bad sequence of commands");
                        break;
                }
            }
        }

        private async Task StartTlsAsync()
        {
            var tls = new SslStream(_stream);
            await tls.AuthenticateAsServerAsync(server._certificate);
            _stream = tls;
            _tls = true;
        }

        /// <summary>AUTH LOGIN, with or without the user name as initial response.</summary>
        private async Task LoginAsync(string argument)
        {
            var parts = argument.Split(' ', 2);
            if (!parts[0].Equals("LOGIN", StringComparison.OrdinalIgnoreCase))
            {
                await ReplyAsync("504 5.5.4 only LOGIN");
                return;
            }

            Interlocked.Increment(ref server._loginAttempts);
            var user = parts.Length == 2 ? parts[1] : await PromptAsync("334 VXNlcm5hbWU6");
            var password = await PromptAsync("334 UGFzc3dvcmQ6");
            if (Decode(user) == server._user && Decode(password) == server._password)
            {
                _user = Decode(user);
                await ReplyAsync("235 2.7.0 authenticated");
            }
            else
            {
                await ReplyAsync("535 5.7.8 authentication credentials invalid");
            }
        }

        private async Task<string> PromptAsync(string prompt)
        {
            await ReplyAsync(prompt);
            return await ReadLineAsync() ?? throw new IOException("client left during AUTH");
        }

        /// <summary>Lines up to a lone ".", with dot-stuffing undone (RFC 5321 4.5.2).</summary>
        private async Task ReceiveDataAsync()
        {
            await ReplyAsync("354 end data with <CR><LF>.<CR><LF>");
            var data = new StringBuilder();
            while (await ReadLineAsync() is { } line && line != ".")
            {
                data.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
            }

            using var raw = new MemoryStream(Encoding.UTF8.GetBytes(data.ToString()));
            server._mails.Enqueue(new ReceivedMail(_user!, _mailFrom!, _rcptTo.ToList(), await MimeMessage.LoadAsync(raw)));
            await ReplyAsync("250 2.0.0 queued");
        }

        private static string Address(string argument) => argument[(argument.IndexOf('<') + 1)..argument.IndexOf('>')];

        private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));

        private async Task ReplyAsync(params string[] lines)
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(lines.Select(l => l + "\r\n"))));
            await _stream.FlushAsync();
        }

        /// <summary>Byte by byte: nothing may be read ahead of STARTTLS, or the TLS handshake would lose bytes.</summary>
        private async Task<string?> ReadLineAsync()
        {
            var line = new List<byte>();
            var one = new byte[1];
            while (await _stream.ReadAsync(one) == 1)
            {
                if (one[0] == '\n')
                {
                    return Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
                }

                line.Add(one[0]);
            }

            return null;
        }
    }
}
