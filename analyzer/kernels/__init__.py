"""Fast paths, each with its plain equivalent named and tested.

Every array, trie or hand-written-encoder path of the analyses lives here, apart from the logic it speeds up. Each
kernel's docstring names its plain equivalent, a public function of the analysis code that gives the same result
the obvious way; ``tests/kernels/`` compares the two through those public functions on real files and generated
edge cases. The analysis code picks the kernel by input size only (never by what happens to be imported).

Layer: kernels depend on numpy, the standard library, ``analyzer.model`` and ``analyzer.cachefiles`` only; the
text, analysis and render layers call them. Kernel modules that need numpy import it at their top, so callers import them where the fast path
is taken: importing ``analyzer.text`` stays free of numpy.

- ``codepoints``: ``str.translate`` and the removal of a set of characters by code-point lookup arrays
  (``normalize``, ``squeeze``);
- ``trie``: every occurrence of the rule anchors by a trie walked with arrays (``formulations.scan.PatternScan``);
- ``report_json``: a Report's JSON without a dict per sentence and theme (``render.jsonout.report_json``);
- ``spaced_forms``: an alternation of literal forms with quotes and spaces allowed inside, as the array trie's
  occurrences in the text without them, leftmost first (``dates.named_matches``);
- ``regex_chars``: skipping a regular expression over a text without the characters its matches need
  (``placeholders.find``);
- ``minhash``: MinHash signatures of overlapping windows by a sliding-window minimum (``reuse.detect.window_signatures``;
  plain equivalent ``window_signatures_plain``);
- ``hollowness``, ``hollowness_tags``, ``facts_orgs``: the hollowness features' array passes, context-free tags
  and organisation-suffix search (their docstrings name their plain equivalents);
- ``word_ids``: one id per word a process meets and per-word columns over the ids (plain equivalent: a dict per
  property probed once per token); short words found by their code points in a key table (``short_keys``,
  ``KeyTable``; plain equivalent: the dict of words);
- ``regex_scan``: patterns compiled so that ``re`` skips to the characters a match can begin with (plain
  equivalent ``re.compile``; the fact, date, organisation and placeholder patterns);
- ``regex_anchors``: ``finditer`` of a long text tried only where a match can begin and reach a character every
  match holds (plain equivalent the pattern's own ``finditer``; times, numbers, dates);
- ``anchored_forms``: anniversaries tried only before each 周年 (``dates.anniversaries_plain``);
- ``one_off``: the windows of a key scan that differ from their formula in exactly one character
  (``NearScan.find_plain``);
- ``surrogates``: whether a text holds a lone surrogate, by encoding it (plain equivalent a regex class search);
- ``regex_cache``, ``dataclass_code``: the code of compiled regexes and of dataclass methods kept in the cache folder
  between processes (plain equivalents ``re.compile`` and ``exec``); they hold only what is the same for every
  input, never a document's text;
- ``jieba_tables``: jieba's IDF table and dictionary tags as one cached, sorted array searched by bisection (plain
  equivalent: the two files parsed into dicts, as ``jieba.analyse`` and ``jieba.posseg`` hold them)."""
