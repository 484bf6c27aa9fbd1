// Preloaded into the `bylaw batch` child (node --import) to report its peak memory: on exit
// it writes one line `bench-max-rss-kb <n>` to standard error (maxRSS is in kilobytes).
process.on("exit", () => {
  process.stderr.write(`\nbench-max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
