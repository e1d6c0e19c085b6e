namespace AgBackupClr.Rules
{
    /// <summary>
    /// The sentence behind a reason code, written when it is read: a plan of thousands of decisions keeps only the
    /// facts that decided each one, not thousands of sentences nobody prints.
    /// </summary>
    public abstract class Explanation
    {
        public abstract string Text();

        public static Explanation Of(string text) => new Fixed(text);

        private sealed class Fixed : Explanation
        {
            private readonly string text;

            public Fixed(string text)
            {
                this.text = text;
            }

            public override string Text() => text;
        }
    }
}
