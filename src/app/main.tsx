import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { PrintPage } from './print/PrintPage';
import './styles.css';
import './editor.css';

const root = document.getElementById('root');
if (!root) throw new Error('ParkAtlas: #root element missing from index.html');

// /print is the printable report (opened from the exports panel); everything else the editor.
const isPrint = /\/print\/?$/.test(window.location.pathname);

createRoot(root).render(<StrictMode>{isPrint ? <PrintPage /> : <App />}</StrictMode>);
