namespace AkkaBackup.Core.Retention;

/// <summary>Why retention keeps or deletes a backup. Every decision in a <see cref="RetentionPlan"/> names one.</summary>
public enum RetentionRule
{
    /// <summary>Keep: still being transferred or filed; never touched.</summary>
    InProgress,

    /// <summary>Keep: the newest verified backup of its instance; wins over every other rule.</summary>
    NewestVerified,

    /// <summary>Keep: the instance has no verified backup, so its newest is kept instead (and a warning raised).</summary>
    NewestBackup,

    /// <summary>Keep: the policy has no keep rule, so keep rules delete nothing (space limits still apply).</summary>
    NoKeepRule,

    /// <summary>Keep: stored within the last N days.</summary>
    KeepWithinDays,

    /// <summary>Keep: one of the newest N backups of its instance.</summary>
    KeepLast,

    /// <summary>Keep: the newest backup of one of the last N calendar days.</summary>
    KeepDaily,

    /// <summary>Keep: the newest backup of one of the last N ISO weeks.</summary>
    KeepWeekly,

    /// <summary>Keep: the newest backup of one of the last N calendar months.</summary>
    KeepMonthly,

    /// <summary>Delete: no keep rule of the policy selects it.</summary>
    OutsideKeepRules,

    /// <summary>Delete: its instance holds more bytes than the policy allows; the oldest go first.</summary>
    InstanceSpace,

    /// <summary>Delete: the whole store holds more bytes than allowed; the oldest in the store go first.</summary>
    StoreSpace,
}
