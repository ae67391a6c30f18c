using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Store.Validation;

/// <summary>Collects the failures of the pure checks, so one attempt reports every bad value at once.</summary>
internal sealed class FailureList
{
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromDays(1);
    private readonly List<ValidationFailure> _failures = [];

    public IReadOnlyList<ValidationFailure> Failures => _failures;

    public FailureList Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            _failures.Add(new ValidationFailure(field, message));
        }

        return this;
    }

    /// <summary>Runs a parser that throws <see cref="ConfigurationException"/> (whose message names the setting) and records its complaint.</summary>
    public FailureList Parses(string field, Action parse)
    {
        try
        {
            parse();
        }
        catch (ConfigurationException e)
        {
            _failures.Add(new ValidationFailure(field, e.Message));
        }

        return this;
    }

    public FailureList NotEmpty(string field, string? value) =>
        Require(!string.IsNullOrWhiteSpace(value), field, $"{field} is empty");

    /// <summary>Names become certificate CNs, folder names and console arguments, so they keep to a safe alphabet.</summary>
    public FailureList Name(string field, string? value) =>
        Require(NodeNames.IsValid(value), field, $"{field} = '{value}' is not a valid name: use 1-64 letters, digits, '.', '_' or '-', not starting with '.' or '-'");

    public FailureList Port(string field, int value) =>
        Require(value is > 0 and < 65536, field, $"{field} = {value} is not a TCP port (1-65535)");

    public FailureList Timeout(string field, TimeSpan value) =>
        Require(value > TimeSpan.Zero && value <= LongestTimeout, field, $"{field} = {value} must be more than zero and at most {LongestTimeout}");

    public FailureList Known<TEnum>(string field, TEnum value)
        where TEnum : struct, Enum =>
        Require(Enum.IsDefined(value), field, $"{field} = '{value}' is not one of {Database.EnumText.Known<TEnum>()}");
}
