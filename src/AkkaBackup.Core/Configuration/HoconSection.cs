using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace AkkaBackup.Core.Configuration;

/// <summary>
/// A section of a node's configuration (its own file over <c>hocon/reference.hocon</c>) and the path it sits at.
/// Values are read without fallbacks, since reference.hocon holds every key with its default; a key missing here is
/// a gap in reference.hocon, and every bad value is refused naming the full key and the value.
/// </summary>
public sealed class HoconSection
{
    private readonly Config _config;

    public HoconSection(Config config, string path)
    {
        _config = config;
        Path = path;
    }

    /// <summary>Where this section sits, e.g. <c>akkabackup.client.receiver</c>.</summary>
    public string Path { get; }

    /// <summary>The section at <paramref name="path"/> of the whole configuration.</summary>
    public static HoconSection Of(Config root, string path) =>
        root.HasPath(path) && root.GetValue(path).IsObject()
            ? new HoconSection(root.GetConfig(path), path)
            : throw Missing(path);

    /// <summary>One entry of a list or of a map of the user's names (an alert channel, an instance), named by where it is.</summary>
    public static HoconSection Entry(HoconValue value, string path) => new(new Config(new HoconRoot(value)), path);

    public string PathOf(string key) => $"{Path}.{key}";

    public HoconSection Section(string key) =>
        _config.HasPath(key) && _config.GetValue(key).IsObject() ? new HoconSection(_config.GetConfig(key), PathOf(key)) : throw Missing(PathOf(key));

    /// <summary>This entry with what it leaves out taken from <paramref name="template"/> (the entry's defaults).</summary>
    public HoconSection Over(HoconSection template) => new(_config.WithFallback(template._config), Path);

    /// <summary>The entries of a map of the user's names (instances, retention policies), each named by its path.</summary>
    public IEnumerable<(string Name, HoconSection Entry)> Entries() =>
        _config.IsEmpty ? [] : _config.Root.GetObject().Items.Select(item => (item.Key, Entry(item.Value, KnownKeys.Join(Path, item.Key))));

    /// <summary>The raw value of an entry, for a map of the user's names or a list.</summary>
    public HoconValue Value(string key) => _config.HasPath(key) ? _config.GetValue(key) : throw Missing(PathOf(key));

    /// <summary>Whether the key has a value: absent and <c>null</c> both mean "not set" for the keys that may be left unset.</summary>
    public bool IsSet(string key) => _config.HasPath(key) && !IsNull(_config.GetValue(key));

    public string String(string key) => Text(key);

    /// <summary>A string that must not be empty (a path, a host, a user name).</summary>
    public string RequiredString(string key)
    {
        var value = Text(key);
        return string.IsNullOrWhiteSpace(value) ? throw new ConfigurationException($"{PathOf(key)} is required") : value;
    }

    /// <summary>A list of strings. A single string is refused without quoting it: it may be a command's secret argument.</summary>
    public IReadOnlyList<string> StringList(string key) =>
        Value(key).IsString()
            ? throw new ConfigurationException($"{PathOf(key)} must be a list, e.g. [\"a\", \"b\"]")
            : (_config.GetStringList(key) ?? []).ToList();

    /// <summary>One string or a list of them (an email's <c>to</c>); empty strings are left out.</summary>
    public IReadOnlyList<string> StringOrList(string key)
    {
        var value = Value(key);
        IEnumerable<string> items = value.IsString() ? [value.GetString() ?? ""] : _config.GetStringList(key) ?? [];
        return items.Where(item => item.Length > 0).ToList();
    }

    /// <summary>A whole number within <paramref name="minimum"/>..<paramref name="maximum"/>.</summary>
    public int Int(string key, int minimum = int.MinValue, int maximum = int.MaxValue)
    {
        var text = Text(key);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        var rule = (minimum, maximum) switch
        {
            (int.MinValue, int.MaxValue) => "is not a whole number",
            (1, int.MaxValue) => "must be a positive number",
            (_, int.MaxValue) => $"must be a whole number of at least {minimum}",
            _ => $"must be a whole number from {minimum} to {maximum}",
        };
        throw new ConfigurationException($"{PathOf(key)} = '{text}' {rule}");
    }

    public int PositiveInt(string key, int maximum = int.MaxValue) => Int(key, 1, maximum);

    /// <summary>A whole number, or null when the key is left out or <c>null</c>.</summary>
    public int? OptionalInt(string key) => IsSet(key) ? Int(key) : null;

    /// <summary>on/off (also true/false, yes/no).</summary>
    public bool Switch(string key)
    {
        var text = Text(key);
        return text.ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw new ConfigurationException($"{PathOf(key)} = '{text}' must be on or off"),
        };
    }

    /// <summary>A number with a fraction (<c>1.5</c>) within <paramref name="minimum"/>..<paramref name="maximum"/>.</summary>
    public double Number(string key, double minimum, double maximum)
    {
        var text = Text(key);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw new ConfigurationException($"{PathOf(key)} = '{text}' must be a number from {minimum.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>A duration, or null when the key is left out or <c>null</c>.</summary>
    public TimeSpan? OptionalPositiveDuration(string key) => IsSet(key) ? PositiveDuration(key) : null;

    /// <summary>A TCP port to connect to: 1..65535.</summary>
    public int Port(string key) => PortWithin(key, 1);

    /// <summary>A TCP port where 0 has a meaning (any free port; the same as another port).</summary>
    public int PortOrZero(string key) => PortWithin(key, 0);

    public TimeSpan Duration(string key)
    {
        var text = Text(key);
        try
        {
            return _config.GetTimeSpan(key);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ConfigurationException($"{PathOf(key)} = '{text}' is not a duration (e.g. 500ms, 30s, 5m, 2h, 7d)");
        }
    }

    public TimeSpan PositiveDuration(string key)
    {
        var value = Duration(key);
        return value > TimeSpan.Zero ? value : throw new ConfigurationException($"{PathOf(key)} = '{Text(key)}' must be a positive duration");
    }

    /// <summary>A byte size such as <c>128MiB</c> or <c>4096</c>, within <paramref name="minimum"/>..<paramref name="maximum"/>.</summary>
    public long ByteSize(string key, long minimum = 0, long maximum = long.MaxValue)
    {
        var text = Text(key);
        long? value;
        try
        {
            value = _config.GetByteSize(key);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            value = null;
        }

        return value switch
        {
            null => throw new ConfigurationException($"{PathOf(key)} = '{text}' is not a byte size (e.g. 512KiB, 64MiB, 2GiB)"),
            var v when v >= minimum && v <= maximum => v.Value,
            _ when maximum == long.MaxValue => throw new ConfigurationException($"{PathOf(key)} = {text} must be at least {Bytes(minimum)}"),
            _ => throw new ConfigurationException($"{PathOf(key)} = {text} is outside {Bytes(minimum)}..{Bytes(maximum)}"),
        };
    }

    /// <summary>A byte size, or null when the key is left out or <c>null</c>.</summary>
    public long? OptionalByteSize(string key) => IsSet(key) ? ByteSize(key, long.MinValue) : null;

    /// <summary>A byte count as a person writes it: <c>64 KiB</c>, <c>256 MiB</c>, <c>1000 bytes</c>.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        0 => "0 bytes",
        _ when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        _ when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        _ when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} bytes",
    };

    private int PortWithin(string key, int lowest)
    {
        var text = Text(key);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port >= lowest && port <= 65535
            ? port
            : throw new ConfigurationException($"{PathOf(key)} = '{text}' is not a TCP port ({lowest}-65535)");
    }

    private string Text(string key)
    {
        var value = Value(key);
        return value.IsString()
            ? value.GetString() ?? throw new ConfigurationException($"{PathOf(key)} = null, but it needs a value; hocon/reference.hocon shows what it takes")
            : throw new ConfigurationException($"{PathOf(key)} must be a single value, not a {(value.IsObject() ? "section" : "list")}");
    }

    private static bool IsNull(HoconValue value) => value.IsString() && value.GetString() is null;

    private static ConfigurationException Missing(string path) =>
        new($"{path} is missing: hocon/reference.hocon must define it (every key with its default)");
}
