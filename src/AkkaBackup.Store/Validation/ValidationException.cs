namespace AkkaBackup.Store.Validation;

/// <summary>A change was refused and nothing was saved. The message lists every value that is wrong and why.</summary>
public sealed class ValidationException(string subject, IReadOnlyList<ValidationFailure> failures, string outcome = ValidationException.NotSaved)
    : Exception($"{subject} {outcome}: {string.Join("; ", failures.Select(f => f.Message))}")
{
    public const string NotSaved = "was not saved";
    public const string NotRemoved = "was not removed";

    /// <summary>What the change was about, e.g. <c>instance 'db1'</c>.</summary>
    public string Subject { get; } = subject;

    public IReadOnlyList<ValidationFailure> Failures { get; } = failures;

    public static void ThrowIfAny(string subject, IReadOnlyList<ValidationFailure> failures)
    {
        if (failures.Count > 0)
        {
            throw new ValidationException(subject, failures);
        }
    }
}
