using AkkaBackup.Core.Cli;

namespace AkkaBackup.Node.Operator;

/// <summary>
/// A small, strict argument reader: <c>--name value</c> options, <c>--flag</c> switches and positionals.
/// Anything unknown is an error naming it; nothing is guessed.
/// </summary>
public sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    private Arguments()
    {
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public static Arguments Parse(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        var result = new Arguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                result._positionals.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? inlineValue = null;
            var equals = name.IndexOf('=');
            if (equals >= 0)
            {
                inlineValue = name[(equals + 1)..];
                name = name[..equals];
            }

            if (flags.Contains(name))
            {
                if (inlineValue is not null)
                {
                    throw new UsageException($"{command}: --{name} takes no value (got '{inlineValue}')");
                }

                result._flags.Add(name);
            }
            else if (options.Contains(name))
            {
                var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"{command}: --{name} needs a value"));
                if (value.Length == 0)
                {
                    throw new UsageException($"{command}: --{name} has an empty value");
                }

                if (!result._options.TryGetValue(name, out var list))
                {
                    result._options[name] = list = [];
                }

                list.Add(value);
            }
            else
            {
                var known = options.Concat(flags).Select(o => "--" + o);
                throw new UsageException($"{command}: unknown option '{arg}'; known: {string.Join(", ", known)}");
            }
        }

        return result;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Option(string name)
    {
        if (!_options.TryGetValue(name, out var values))
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw new UsageException($"--{name} given {values.Count} times");
    }

    public string RequiredOption(string command, string name) =>
        Option(name) ?? throw new UsageException($"{command}: --{name} is required");

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var values) ? values : [];
}
