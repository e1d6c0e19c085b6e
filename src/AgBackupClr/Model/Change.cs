namespace AgBackupClr.Model
{
    /// <summary>
    /// One nullable property of a copy made by a <c>With</c> method: set to a value (null included), or kept when not given.
    /// The <c>With</c> methods stand in for C#'s <c>with</c>, whose init accessors SQL Server's verifier refuses (Msg 6218);
    /// a property that cannot be null is kept by passing null instead.
    /// </summary>
    public readonly struct Change<T>
    {
        private readonly bool isGiven;
        private readonly T value;

        public Change(T value)
        {
            isGiven = true;
            this.value = value;
        }

        public static implicit operator Change<T>(T value) => new Change<T>(value);

        /// <summary>The value given, or the current one when none was.</summary>
        public T Or(T current) => isGiven ? value : current;
    }
}
