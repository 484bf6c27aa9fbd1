#!/usr/bin/env node
// The installed package's `bylaw` command, bundled to JavaScript by `npm run pack`, so Node 20
// and later run it without type stripping. The repository's bin/bylaw.js runs the sources
// instead and adds `playground`, which needs the playground's sources and Vite.
import { main } from "../../cli/main.ts";

process.exitCode = await main(process.argv);
