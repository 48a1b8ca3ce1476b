// Placeholder until the services land: says so plainly instead of pretending.
console.error('npm start: the demo stack (ingest, api, web, simulators) is not available yet in this revision.');
console.error('Run `npm test` for the test suite.');
process.exit(1);
