namespace MigratoryAspire.Monitor.Prometheus;

/// <content>Reading one line token by token.</content>
internal partial class PrometheusTextParser
{
    /// <summary>A position in one line.</summary>
    private ref struct Cursor(ReadOnlySpan<char> line)
    {
        private readonly ReadOnlySpan<char> _line = line;
        private int _pos;

        public readonly bool AtEnd => _pos >= _line.Length;

        public readonly char Current => _line[_pos];

        public readonly bool IsBlank => _line[_pos] is ' ' or '\t';

        public readonly ReadOnlySpan<char> Rest => _line[_pos..];

        public readonly int Position => _pos;

        public void Advance(int count = 1) => _pos += count;

        /// <summary>Skips spaces and tabs; returns how many.</summary>
        public int SkipBlanks()
        {
            var start = _pos;
            while (_pos < _line.Length && _line[_pos] is ' ' or '\t')
            {
                _pos++;
            }

            return _pos - start;
        }

        /// <summary>Reads up to the next blank or the line end.</summary>
        public ReadOnlySpan<char> Token()
        {
            var start = _pos;
            while (_pos < _line.Length && _line[_pos] is not (' ' or '\t'))
            {
                _pos++;
            }

            return _line[start.._pos];
        }

        /// <summary>Reads <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>; empty when the line does not start with one.</summary>
        public ReadOnlySpan<char> MetricName() => Name(allowColon: true);

        /// <summary>Reads <c>[a-zA-Z_][a-zA-Z0-9_]*</c>; empty when the line does not start with one.</summary>
        public ReadOnlySpan<char> LabelName() => Name(allowColon: false);

        private ReadOnlySpan<char> Name(bool allowColon)
        {
            var start = _pos;
            while (_pos < _line.Length)
            {
                var ch = _line[_pos];
                var ok = char.IsAsciiLetter(ch) || ch == '_' || (allowColon && ch == ':') || (_pos > start && char.IsAsciiDigit(ch));
                if (!ok)
                {
                    break;
                }

                _pos++;
            }

            return _line[start.._pos];
        }
    }
}
