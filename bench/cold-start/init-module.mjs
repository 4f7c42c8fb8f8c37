// Run in a fresh Node process: imports one bundle (argv[2], a file URL) as Lambda's runtime does at init, and
// prints how long its module init took, wall-clock and CPU (all threads of the process), in milliseconds.
const cpuBefore = process.cpuUsage();
const before = performance.now();
await import(process.argv[2]);
const wallMs = performance.now() - before;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }));
