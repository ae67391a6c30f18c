using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace AkkaBackup.Core.Configuration;

/// <summary>
/// The keys a configuration may have: those of <see cref="Reference"/> under <see cref="Root"/>. Where the reference
/// has a map of the user's names (instances), each entry may have the keys of the section named in
/// <see cref="NamedEntries"/>; where it has a list of typed entries (alert channels), each entry may have its
/// <see cref="TypeKey"/> and the keys of the section named by its type under the section named in <see cref="TypedEntries"/>.
/// </summary>
public sealed record KeySchema(
    Config Reference,
    string Root,
    IReadOnlyDictionary<string, string> NamedEntries,
    IReadOnlyDictionary<string, string> TypedEntries,
    string TypeKey = "type");

/// <summary>
/// Refuses a key the reference does not know, so that a misspelt key stops the node instead of leaving a default
/// silently in force. Each is named with its full path and the known key it most likely meant.
/// </summary>
public static partial class KnownKeys
{
    /// <exception cref="ConfigurationException">One line per unknown key or misplaced value.</exception>
    public static void Require(Config config, KeySchema schema)
    {
        var problems = Problems(config, schema);
        if (problems.Count > 0)
        {
            throw new ConfigurationException(string.Join("\n", problems));
        }
    }

    /// <summary>Every key of <paramref name="config"/> under the schema's root that the schema does not know, one line each, by path.</summary>
    public static IReadOnlyList<string> Problems(Config config, KeySchema schema)
    {
        var walk = new Walk(schema);
        walk.Top(config);
        if (config.HasPath(schema.Root) && schema.Reference.HasPath(schema.Root))
        {
            walk.Section(config.GetValue(schema.Root), schema.Reference.GetValue(schema.Root).GetObject(), schema.Root, typeKey: null);
        }

        return walk.Problems.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A key as it is written in a path: quoted when it holds anything but letters, digits, '-' and '_'.</summary>
    public static string Join(string path, string key) =>
        $"{path}.{(PlainKey().IsMatch(key) ? key : $"\"{key.Replace("\"", "\\\"")}\"")}";

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex PlainKey();

    private sealed class Walk(KeySchema schema)
    {
        private List<string>? _known;

        public List<string> Problems { get; } = [];

        /// <summary>A misspelt root section (<c>akkabakcup</c>); other top-level sections belong to Akka and are not ours to judge.</summary>
        public void Top(Config config)
        {
            if (config.IsEmpty)
            {
                return;
            }

            foreach (var key in config.Root.GetObject().Items.Keys)
            {
                if (key != schema.Root && EditDistance.IsClose(schema.Root, key))
                {
                    Problems.Add($"unknown key {key}: did you mean {schema.Root}?");
                }
            }
        }

        public void Section(HoconValue actual, HoconObject shape, string path, string? typeKey)
        {
            if (!actual.IsObject())
            {
                Problems.Add($"{path} must be a section {{ ... }}, not a value");
                return;
            }

            foreach (var (key, value) in actual.GetObject().Items)
            {
                var full = Join(path, key);
                if (key == typeKey)
                {
                    continue;
                }

                if (!shape.Items.TryGetValue(key, out var known))
                {
                    Problems.Add(Unknown(full, path, key, shape));
                }
                else if (known.IsObject() != value.IsObject())
                {
                    Problems.Add(known.IsObject() ? $"{full} must be a section {{ ... }}, not a value" : $"{full} is a value, not a section");
                }
                else if (schema.NamedEntries.TryGetValue(full, out var template))
                {
                    Named(value, full, Template(template));
                }
                else if (schema.TypedEntries.TryGetValue(full, out var templates))
                {
                    Typed(value, full, Template(templates));
                }
                else if (known.IsObject())
                {
                    Section(value, known.GetObject(), full, typeKey: null);
                }
            }
        }

        private void Named(HoconValue map, string path, HoconObject template)
        {
            foreach (var (name, entry) in map.GetObject().Items)
            {
                Section(entry, template, Join(path, name), typeKey: null);
            }
        }

        /// <summary>An entry whose type is missing or unknown is left to the reader, which names the type it wants.</summary>
        private void Typed(HoconValue list, string path, HoconObject templates)
        {
            if (!list.IsArray())
            {
                return;
            }

            var items = list.GetArray();
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].IsObject()
                    && items[i].GetObject().Items.TryGetValue(schema.TypeKey, out var type)
                    && type.IsString()
                    && templates.Items.TryGetValue(type.GetString() ?? "", out var template)
                    && template.IsObject())
                {
                    Section(items[i], template.GetObject(), $"{path}[{i}]", schema.TypeKey);
                }
            }
        }

        private string Unknown(string full, string parent, string key, HoconObject shape)
        {
            var sibling = shape.Items.Keys
                .Where(k => EditDistance.IsClose(key, k))
                .OrderBy(k => EditDistance.Between(key, k))
                .FirstOrDefault();
            // A key no sibling is like may be in the wrong section: the same key elsewhere, the nearest section first.
            var elsewhere = sibling is null
                ? Known().Where(k => LastOf(k) == key).OrderByDescending(k => SharedSegments(full, k)).FirstOrDefault()
                : null;
            var meant = sibling is not null ? Join(parent, sibling) : elsewhere;
            return meant is null
                ? $"unknown key {full}: no known key is like it (hocon/reference.hocon lists them all)"
                : $"unknown key {full}: did you mean {meant}?";
        }

        private HoconObject Template(string path) =>
            schema.Reference.HasPath(path) && schema.Reference.GetValue(path).IsObject()
                ? schema.Reference.GetValue(path).GetObject()
                : throw new ConfigurationException($"{path} is missing: hocon/reference.hocon must define it (the keys of an entry)");

        /// <summary>Every known key as a full path; entries of the user's names as <c>instances.&lt;name&gt;.port</c>.</summary>
        private List<string> Known()
        {
            if (_known is null)
            {
                _known = [];
                if (schema.Reference.HasPath(schema.Root))
                {
                    Collect(schema.Reference.GetValue(schema.Root).GetObject(), schema.Root);
                }
            }

            return _known;
        }

        private void Collect(HoconObject shape, string path)
        {
            foreach (var (key, value) in shape.Items)
            {
                var full = Join(path, key);
                _known!.Add(full);
                if (schema.NamedEntries.TryGetValue(full, out var template))
                {
                    Collect(Template(template), $"{full}.<name>");
                }
                else if (schema.TypedEntries.TryGetValue(full, out var templates))
                {
                    foreach (var type in Template(templates).Items.Values.Where(t => t.IsObject()))
                    {
                        Collect(type.GetObject(), $"{full}[n]");
                    }
                }
                else if (value.IsObject())
                {
                    Collect(value.GetObject(), full);
                }
            }
        }

        private static string LastOf(string path) => path[(path.LastIndexOf('.') + 1)..].Trim('"');

        private static int SharedSegments(string a, string b) =>
            a.Split('.').Zip(b.Split('.')).TakeWhile(p => p.First == p.Second).Count();
    }
}
